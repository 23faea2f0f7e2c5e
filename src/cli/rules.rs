//! `trustmap rules`: the rule catalog with all metadata, as text or JSON.

use std::io::Write;

use super::{Format, emit};
use crate::analysis::rule::RuleMeta;
use crate::analysis::rules;
use crate::report;

pub(super) fn run(format: Format, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let catalog = rules::all();
    let metas: Vec<&RuleMeta> = catalog.iter().map(|rule| rule.meta()).collect();
    let rendered = match format {
        Format::Text => report::rules::text(&metas),
        Format::Json => report::rules::json(&metas),
    };
    emit(out, err, &rendered)
}
