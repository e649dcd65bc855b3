/* An exit hyperupcall: on a HLT exit (reason 12), the guest's budget of exits the host may
 * handle on its own. */
#include <hupcall/hupcall.h>

#define EXIT_REASON_HLT 12

extern unsigned long example_exit_budget;

HUPCALL_NAMED(exit, example_exit_budget_left)
{
    if (hu_exit_reason(ctx) != EXIT_REASON_HLT)
        return 0;
    return example_exit_budget;
}
