package dev.ipcplayground.core.child;

import dev.ipcplayground.core.os.Libc;

/**
 * Makes a child JVM die with its parent, so no orphan outlives a run.
 *
 * <p>First the kernel's way: {@code prctl(PR_SET_PDEATHSIG, SIGKILL)} asks for SIGKILL when the
 * parent goes. (Strictly, when the parent <em>thread</em> that started us ends: the launcher and
 * the pipe producer start children from their main thread, which lives for the whole run.) The
 * parent may already have died before the call, so we check {@code getppid()} afterwards. Then a
 * fallback that needs no Linux: a watch on {@link ProcessHandle#parent()} that halts the JVM.
 */
final class ParentWatch {

    private ParentWatch() {}

    static void dieWithParent(long expectedParentPid) {
        Libc.prctl(Libc.PR_SET_PDEATHSIG, Libc.SIGKILL);
        if (Libc.getppid() != expectedParentPid) {
            halt("its parent (pid " + expectedParentPid + ") is already gone");
        }
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit()
                .thenRun(() -> halt("its parent (pid " + parent.pid() + ") exited")));
    }

    private static void halt(String why) {
        System.err.println("child " + ProcessHandle.current().pid() + " stops: " + why);
        Runtime.getRuntime().halt(3);
    }
}
