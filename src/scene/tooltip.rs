//! Tooltips (and SVG `<title>` text), made on demand from the scene and the document rather than stored: the full
//! name and kind of a card or region, a flow's ends, pattern and label, and what a badge means.

use crate::analysis::Analysis;
use crate::analysis::blast::Level;
use crate::model::props::Exposure;
use crate::model::{Element, Model, Named as _, catalog};
use crate::scene::Scene;
use crate::scene::types::{BadgeInfo, ItemRef};

impl Scene {
    /// The tooltip of an item (a badge or label explains itself; anything else names its element in full).
    pub fn tooltip(&self, model: &Model, analysis: Option<&Analysis>, item: ItemRef) -> Option<String> {
        if let ItemRef::Badge(i) = item {
            let badge = self.badges.get(i as usize)?;
            if let BadgeInfo::Subnets { .. } = badge.info {
                return self.element_id(badge.owner).and_then(|id| subnets_text(model, id));
            }
            return Some(badge_text(&badge.info));
        }
        if let ItemRef::Label(i) = item {
            return self.labels.get(i as usize).map(|l| l.tooltip.clone());
        }
        let id = self.element_id(item)?;
        Some(match model.element(id)? {
            Element::Component(c) => {
                let component = model.component(c);
                format!("{}\n{} · {}", component.name, catalog::info(component.kind).name, component.id)
            }
            Element::Flow(f) => {
                let flow = model.flow(f);
                let (from, to) = model.flow_ends(f);
                let mut text =
                    format!("{} → {}\n{}", model.component(from).name, model.component(to).name, flow.pattern);
                if let Some(protocol) = flow.protocol {
                    text.push_str(&format!(" · {protocol}"));
                }
                if !flow.label.is_empty() {
                    text.push_str(&format!("\n{}", flow.label));
                }
                text
            }
            Element::Boundary(b) => {
                let boundary = model.diagram().boundaries.get(b)?;
                format!("{}\n{} trust boundary · {}", boundary.name, boundary.kind.as_str(), boundary.id)
            }
            Element::Context(c) => {
                let context = model.diagram().contexts.get(c)?;
                let mut text = format!("{}\nbounded context · {}", context.name, context.id);
                if let Some(m) = analysis.and_then(|a| a.metrics.contexts.iter().find(|m| m.id == context.id)) {
                    text.push_str(&format!(
                        "\ncohesion {:.2} ({} members, {} groups); coupling {} (sync {}, async {}, other {})",
                        m.cohesion,
                        m.members,
                        m.groups,
                        m.coupling.total(),
                        m.coupling.sync,
                        m.coupling.asynchronous,
                        m.coupling.other
                    ));
                }
                text
            }
            Element::Note(n) => model.diagram().notes.get(n)?.text.clone(),
            Element::Threat(t) => model.diagram().threats.get(t)?.title.clone(),
            Element::Connection(_) => id.to_owned(),
        })
    }
}

/// The subnets a component names besides its parent, one a line, with their exposure.
fn subnets_text(model: &Model, id: &str) -> Option<String> {
    let Some(Element::Component(c)) = model.element(id) else { return None };
    let named = &model.component(c).subnets;
    let mut text = format!("also runs in {} subnet{}:", named.len(), if named.len() == 1 { "" } else { "s" });
    for subnet in named {
        let Some(s) = model.component_ix(subnet) else {
            text.push_str(&format!("\n· {subnet}"));
            continue;
        };
        let exposure = match model.props(s).exposure {
            Some(Exposure::Public) => "public",
            Some(Exposure::Private) => "private",
            None => "exposure not set",
        };
        text.push_str(&format!("\n· {} ({exposure})", model.component(s).name));
    }
    Some(text)
}

fn badge_text(info: &BadgeInfo) -> String {
    match *info {
        BadgeInfo::Threats { count, worst } => {
            let plural = if count == 1 { "" } else { "s" };
            format!("{count} open finding{plural}, worst {worst}")
        }
        BadgeInfo::Blast { level: None, .. } => "blast radius start: compromised".to_owned(),
        BadgeInfo::Blast { hops, level: Some(level), mechanism } => {
            let how = if level == Level::Control { "control" } else { "influence" };
            let via = mechanism.map(|m| format!(" via {m}")).unwrap_or_default();
            format!("reached in {hops} hop{} ({how}){via}", if hops == 1 { "" } else { "s" })
        }
        BadgeInfo::Subnets { count, public } => format!("runs in {count} more subnets, {public} public"),
        BadgeInfo::Responsibility { owner, customer_share } => {
            format!("secured by {owner} ({:.0} % of its layers by the customer)", customer_share * 100.0)
        }
    }
}
