/* Test tool: prints the effective uid. Installed set-uid root in a container's rootfs, it
 * shows whether exec'ing a set-uid binary raised privileges (it must not under no_new_privs).
 * Built static, so that it runs in a busybox rootfs without a C library. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    printf("euid=%d\n", (int)geteuid());
    return 0;
}
