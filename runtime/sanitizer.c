/* Sanitizer defaults for make SANITIZE=1, built into the binary so that every run of it gets
 * them: one narrow LeakSanitizer suppression for a false report inside JavaScriptCore. */
#ifdef __SANITIZE_ADDRESS__

/* JavaScriptCore creates a few immortal strings (WTF::StringImpl::createStaticStringImpl, for
 * Intl and locale data) whose only references live where LeakSanitizer does not scan, so it
 * reports them as leaks at exit. Only that function is suppressed. Matching a suppression needs
 * the allocation's whole stack, and JSC is built without frame pointers, so malloc stacks are
 * unwound the slow, complete way (a run that needs speed more, like the fork stress, can set
 * ASAN_OPTIONS=fast_unwind_on_malloc=1). */

__attribute__((used)) const char *__asan_default_options(void)
{
    return "fast_unwind_on_malloc=0";
}

/* Quiet about the suppression when it was used: stderr is part of what the tests compare. */
__attribute__((used)) const char *__lsan_default_options(void)
{
    return "print_suppressions=0";
}

__attribute__((used)) const char *__lsan_default_suppressions(void)
{
    return "leak:WTF::StringImpl::createStaticStringImpl\n";
}

#endif
