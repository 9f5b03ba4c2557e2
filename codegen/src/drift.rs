//! The drift guard: the committed `generated/` code must be exactly what the
//! generator makes of the spec, and when it is not, the maintainer sees how
//! it differs and which command fixes it.

use similar::TextDiff;

use crate::output::REGEN_COMMAND;

/// `None` when `committed` equals `fresh`; otherwise a unified diff from the
/// committed file to the fresh output, followed by the command that fixes it.
pub fn drift_report(committed_name: &str, committed: &str, fresh: &str) -> Option<String> {
    if committed == fresh {
        return None;
    }
    let diff = TextDiff::from_lines(committed, fresh)
        .unified_diff()
        .context_radius(3)
        .header(committed_name, "freshly generated")
        .to_string();
    Some(format!(
        "{committed_name} is stale: it differs from what the generator makes of the spec.\n\n{diff}\n\
         If the change is intended, regenerate and review the diff:\n    {REGEN_COMMAND}\n"
    ))
}
