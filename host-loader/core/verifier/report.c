/* SPDX-License-Identifier: MIT */
/* The one formatter of the verifier's report: its rule, instruction and details as a diagnostic. */
#include <errno.h>

#include "errmsg.h"
#include "verifier.h"

int hu_verify_format(const char *objname, const struct hu_prog *p,
                     const struct hu_verify_report *rep, int ret, char *err, size_t errlen)
{
    if (ret != -EACCES)
        return hu_errf(err, errlen, ret < 0 ? ret : -EINVAL, "%s: %s: verifier error: %s", objname,
                       p->name, rep->details);
    const struct hu_line *l = rep->insn >= 0 ? hu_prog_line(p, (uint32_t)rep->insn) : NULL;
    if (l && l->file)
        return hu_errf(err, errlen, ret, "%s:%u:%u: error: %s: %s", l->file, l->line, l->col,
                       rep->rule, rep->details);
    if (rep->insn >= 0)
        return hu_errf(err, errlen, ret, "%s:insn %lld: error: %s: %s", objname,
                       (long long)rep->insn, rep->rule, rep->details);
    return hu_errf(err, errlen, ret, "%s: error: %s: %s", objname, rep->rule, rep->details);
}
