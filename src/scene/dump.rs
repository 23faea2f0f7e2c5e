//! A compact, deterministic text form of a scene, for snapshot tests and for reading a scene in a diff: one line
//! per item in draw order, coordinates rounded to one decimal.

use std::fmt::Write as _;

use crate::scene::Scene;
use crate::scene::geom::{Pt, Rect};
use crate::scene::types::{ItemRef, Panel, Stroke, Swatch, TextBlock};

fn r(rect: &Rect) -> String {
    format!("[{:.1} {:.1} {:.1} {:.1}]", rect.x, rect.y, rect.w, rect.h)
}

fn p(point: &Pt) -> String {
    format!("({:.1} {:.1})", point.x, point.y)
}

fn s(stroke: &Stroke) -> String {
    format!("{:?}/{:.1}/{}", stroke.token, stroke.width, stroke.dash.name())
}

fn t(text: &TextBlock) -> String {
    let lines: Vec<String> = text.lines.iter().map(|l| format!("{:?}", l.text)).collect();
    format!("{}{}", lines.join("|"), if text.truncated { " (cut)" } else { "" })
}

fn item(item: ItemRef) -> String {
    match item {
        ItemRef::Region(i) => format!("region#{i}"),
        ItemRef::Flow(i) => format!("flow#{i}"),
        ItemRef::Card(i) => format!("card#{i}"),
        ItemRef::Note(i) => format!("note#{i}"),
        ItemRef::Badge(i) => format!("badge#{i}"),
        ItemRef::Label(i) => format!("label#{i}"),
    }
}

fn panel(out: &mut String, name: &str, panel: &Panel) {
    let _ = writeln!(out, "{name} {:.1}x{:.1}", panel.size.x, panel.size.y);
    for entry in &panel.entries {
        let swatch = match &entry.swatch {
            None => "-".to_owned(),
            Some(Swatch::Fill(token)) => format!("fill {token:?}"),
            Some(Swatch::Line(stroke)) => format!("line {}", s(stroke)),
            Some(Swatch::Outline(stroke)) => format!("outline {}", s(stroke)),
            Some(Swatch::Badge(token, text)) => format!("badge {token:?} {text:?}"),
        };
        let _ = writeln!(out, "  {swatch} {}", t(&entry.text));
    }
}

impl Scene {
    /// The scene as text.
    pub fn dump(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "scene theme {:?} bounds {}", self.theme, r(&self.bounds));
        for (i, g) in self.regions.iter().enumerate() {
            let sub = g.subtitle.as_ref().map(|b| format!(" / {}", t(b))).unwrap_or_default();
            let _ = writeln!(
                out,
                "region#{i} {:?} {} {} fill {:?} stroke {}{} title {}{sub}",
                g.kind,
                g.id,
                r(&g.rect),
                g.fill,
                s(&g.stroke),
                if g.dimmed { " dimmed" } else { "" },
                t(&g.title),
            );
        }
        for (i, f) in self.flows.iter().enumerate() {
            let points: Vec<String> = f.points.iter().map(p).collect();
            let ends = match (&f.head, &f.tail) {
                (Some(_), Some(_)) => " <->",
                (Some(_), None) => " ->",
                _ => "",
            };
            let _ = writeln!(
                out,
                "flow#{i} {} {}{ends}{} {}",
                f.id,
                s(&f.stroke),
                if f.dimmed { " dimmed" } else { "" },
                points.join(" ")
            );
        }
        for (i, c) in self.cards.iter().enumerate() {
            let kind = c.kind.as_ref().map(|k| format!(" / {}", t(k))).unwrap_or_default();
            let _ = writeln!(
                out,
                "card#{i} {} {} icon {}{} fill {:?} stroke {}{} name {}{kind}",
                c.id,
                r(&c.rect),
                c.icon,
                if c.icon_rect.is_some() { "" } else { " (hidden)" },
                c.fill,
                s(&c.stroke),
                if c.dimmed { " dimmed" } else { "" },
                t(&c.name),
            );
        }
        for (i, n) in self.notes.iter().enumerate() {
            let to = n.connector.map(|[a, b]| format!(" to {} {}", p(&a), p(&b))).unwrap_or_default();
            let _ = writeln!(out, "note#{i} {} {}{to} {}", n.id, r(&n.rect), t(&n.text));
        }
        for (i, b) in self.badges.iter().enumerate() {
            let icon = b.icon.map(|(key, at)| format!(" icon {key} {}", r(&at))).unwrap_or_default();
            let _ = writeln!(
                out,
                "badge#{i} on {} {:?} {} {:?}{icon} {}",
                item(b.owner),
                b.kind,
                r(&b.rect),
                b.fill,
                t(&b.text)
            );
        }
        for (i, l) in self.labels.iter().enumerate() {
            let _ = writeln!(out, "label#{i} on {} at {} {}", item(l.owner), p(&l.anchor), t(&l.text));
        }
        panel(&mut out, "legend", &self.legend);
        panel(&mut out, "title", &self.title);
        out
    }
}
