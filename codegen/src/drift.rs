//! The drift guard: the committed `generated/` code must be exactly what the
//! generator makes of the spec, and when it is not, the maintainer sees how
//! it differs and which command fixes it.

use similar::TextDiff;

use crate::output::REGEN_COMMAND;

/// `None` when `committed` equals `fresh`; otherwise a unified diff from the
/// committed file to the fresh output, followed by the command that fixes it.
pub fn drift_report(committed_name: &str, committed: &str, fresh: &str) -> Option<String> {
    let diff = unified_diff(committed, fresh, committed_name, "freshly generated")?;
    Some(format!(
        "{committed_name} is stale: it differs from what the generator makes of the spec.\n\n{diff}\n\
         If the change is intended, regenerate and review the diff:\n    {REGEN_COMMAND}\n"
    ))
}

/// The unified diff from `old` to `new`, `None` when they are equal.
pub(crate) fn unified_diff(old: &str, new: &str, old_name: &str, new_name: &str) -> Option<String> {
    if old == new {
        return None;
    }
    let diff = TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(old_name, new_name)
        .to_string();
    Some(diff)
}
