//! `trustmap catalog`: the component kinds, their nesting rules and shared-responsibility stacks.

use std::io::Write;

use serde::Serialize;

use super::{EXIT_UNUSABLE, Format, emit, say};
use crate::model::catalog::{self, KindInfo};
use crate::model::named::Named as _;
use crate::model::props::{Properties, PropertyKey};
use crate::model::responsibility::{Layer, Owner, Stack};
use crate::model::{Category, ComponentKind};

#[derive(Serialize)]
struct Entry {
    kind: ComponentKind,
    name: &'static str,
    category: Category,
    icon: &'static str,
    summary: &'static str,
    top_level: bool,
    parents: &'static [ComponentKind],
    children: Vec<ComponentKind>,
    trust_boundary: bool,
    responsibility: Stack,
    responsibility_reasoning: &'static str,
    inherits_host_layers: bool,
    properties: &'static [PropertyKey],
    links: Vec<&'static str>,
    defaults: Properties,
}

fn entry(info: &'static KindInfo) -> Entry {
    let links = info.links;
    let link_names = [
        (links.role, "role"),
        (links.protects, "protects"),
        (links.covers, "covers"),
        (links.credentials_for, "credentials_for"),
        (links.images, "images"),
        (links.subnets, "subnets"),
        (links.execution_role, "execution_role"),
    ]
    .into_iter()
    .filter_map(|(has, name)| has.then_some(name))
    .collect();
    Entry {
        kind: info.kind,
        name: info.name,
        category: info.category,
        icon: info.icon,
        summary: info.summary,
        top_level: info.top_level,
        parents: info.parents,
        children: catalog::children_of(info.kind),
        trust_boundary: info.trust_boundary,
        responsibility: info.stack,
        responsibility_reasoning: info.stack_reasoning,
        inherits_host_layers: info.inherits_host_layers,
        properties: info.properties,
        links: link_names,
        defaults: (info.defaults)(),
    }
}

pub(super) fn run(format: Format, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let entries: Vec<Entry> = catalog::all().map(entry).collect();
    let mut text = Vec::new();
    let written = match format {
        Format::Json => serde_json::to_string_pretty(&entries)
            .map_err(std::io::Error::other)
            .and_then(|json| writeln!(text, "{json}")),
        Format::Text => write_text(&entries, &mut text),
    };
    match written {
        Ok(()) => emit(out, err, &String::from_utf8_lossy(&text)),
        Err(error) => {
            say(err, &format!("trustmap: cannot write the catalog: {error}"));
            EXIT_UNUSABLE
        }
    }
}

fn owner_cell(owner: Owner) -> &'static str {
    match owner {
        Owner::Aws => "AWS",
        Owner::Customer => "cust",
        Owner::Shared => "shrd",
        Owner::Absent => "-",
    }
}

fn write_text(entries: &[Entry], out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "Responsibility per layer: AWS = AWS secures it, cust = the customer, shrd = shared, - = absent.")?;
    writeln!(out, "Layers: phys=physical vm=virtual machine/OS crt=container runtime orch=orchestration")?;
    writeln!(out, "        rtenv=runtime environment artf=artifacts code=business logic conf=configuration data=data")?;
    writeln!(out)?;
    write!(out, "{:<18} {:<30} {:<12}", "KIND", "NAME", "CATEGORY")?;
    for header in ["phys", "vm", "crt", "orch", "rtenv", "artf", "code", "conf", "data"] {
        write!(out, " {header:<5}")?;
    }
    writeln!(out, " SITS IN")?;
    for entry in entries {
        write!(out, "{:<18} {:<30} {:<12}", entry.kind.as_str(), entry.name, entry.category.as_str())?;
        for layer in Layer::ALL {
            write!(out, " {:<5}", owner_cell(entry.responsibility.owner(*layer)))?;
        }
        let mut places: Vec<&str> = entry.parents.iter().map(|p| p.as_str()).collect();
        if entry.top_level {
            places.insert(0, "top level");
        }
        let host = if entry.inherits_host_layers { " (lower layers from its host)" } else { "" };
        writeln!(out, " {}{host}", places.join(", "))?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "{} kinds. `trustmap catalog --format json` adds summaries, defaults, properties and reasoning.",
        entries.len()
    )
}
