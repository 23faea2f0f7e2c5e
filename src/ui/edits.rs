//! Turning canvas gestures into edits: adding a palette item where it was dropped (nested into the container under
//! it when the catalog allows, refused with the nesting rule when it does not), moving with nesting and
//! un-nesting, resizing, connecting, aligning and distributing. Elements the placement drew without a rectangle get
//! one from the scene when they are moved, so what the user sees is what is saved.

use std::collections::BTreeSet;

use crate::edit::{Edit, LayoutKey, LayoutValue, Record, ops};
use crate::model::catalog;
use crate::model::diagram::Diagram;
use crate::model::id::Id;
use crate::model::layout::Rect;
use crate::model::{BoundaryKind, ComponentKind, Pattern};
use crate::scene::{self, Scene};
use crate::ui::canvas::PaletteItem;
use crate::ui::workspace::Workspace;

/// Default size of a new card and of a new container.
const CARD: (f64, f64) = (160.0, 64.0);
const CONTAINER: (f64, f64) = (360.0, 220.0);
const GRID: f64 = 10.0;

fn snap(v: f64) -> f64 {
    (v / GRID).round() * GRID
}

fn layout_rect(r: &scene::Rect) -> Rect {
    Rect { x: f64::from(r.x), y: f64::from(r.y), w: f64::from(r.w), h: f64::from(r.h) }
}

/// The layout key of an element by what it is.
fn layout_key(diagram: &Diagram, id: &Id) -> Option<LayoutKey> {
    match Record::find(diagram, id)? {
        Record::Component(_) => Some(LayoutKey::Component(id.clone())),
        Record::Boundary(_) => Some(LayoutKey::Boundary(id.clone())),
        Record::Context(_) => Some(LayoutKey::Context(id.clone())),
        Record::Note(_) => Some(LayoutKey::Note(id.clone())),
        _ => None,
    }
}

fn kind_of(diagram: &Diagram, id: &Id) -> Option<ComponentKind> {
    diagram.components.iter().find(|c| &c.id == id).map(|c| c.kind)
}

/// A display name for a kind, e.g. "Lambda function".
fn display_name(kind: ComponentKind) -> String {
    catalog::info(kind).name.to_owned()
}

/// Where a `kind` dropped into `inside` would sit: `inside` or one of its ancestors that the catalog allows, the
/// top level if it may sit there, else why not.
fn parent_for(diagram: &Diagram, kind: ComponentKind, inside: Option<&Id>) -> Result<Option<Id>, String> {
    let info = catalog::info(kind);
    let mut at = inside.cloned();
    let first = at.clone();
    while let Some(id) = at {
        let parent_kind = kind_of(diagram, &id);
        if info.may_sit_in(parent_kind) {
            return Ok(Some(id));
        }
        at = diagram.components.iter().find(|c| c.id == id).and_then(|c| c.parent.clone());
    }
    if info.top_level {
        return Ok(None);
    }
    let place = match first.as_ref().and_then(|id| kind_of(diagram, id).map(|k| (id, k))) {
        Some((id, k)) => format!("inside {} \"{id}\"", catalog::info(k).name),
        None => "at the top level".to_owned(),
    };
    Err(format!("{} cannot go {place}. {}", info.name, where_it_may_go(kind)))
}

/// Where a kind may sit, in display names: "It must sit inside an EC2 worker node / node group or a Fargate
/// profile."
pub fn where_it_may_go(kind: ComponentKind) -> String {
    let info = catalog::info(kind);
    let names: Vec<&str> = info.parents.iter().map(|p| catalog::info(*p).name).collect();
    let places = match names.as_slice() {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    };
    match (info.top_level, places.is_empty()) {
        (true, true) => "It only sits at the top level.".to_owned(),
        (true, false) => format!("It sits at the top level or inside a {places}."),
        (false, _) => format!("It must sit inside a {places}: drop it onto one."),
    }
}

/// The edit that adds `item` at `at`; the ids to select afterwards.
pub fn add_at(
    ws: &mut Workspace,
    scene: Option<&Scene>,
    item: PaletteItem,
    at: scene::Pt,
    inside: Option<&Id>,
    selection: &[Id],
) -> Result<(String, Edit, Vec<Id>), String> {
    let (x, y) = (f64::from(at.x), f64::from(at.y));
    match item {
        PaletteItem::Kind(kind) => {
            let parent = parent_for(ws.diagram(), kind, inside)?;
            let (w, h) = if catalog::info(kind).is_container() { CONTAINER } else { CARD };
            let wanted = Rect { x: snap(x - w / 2.0), y: snap(y - h / 2.0), w, h };
            let (rect, grow) = match (&parent, scene) {
                (Some(parent), Some(scene)) => inside_parent(ws.diagram(), scene, parent, wanted),
                _ => (free_spot(ws.diagram(), wanted), None),
            };
            let name = display_name(kind);
            let (edit, id) = ops::add_component(ws.doc_mut().ids_mut(), kind, &name, parent, Some(rect));
            let edit = match grow {
                Some(grow) => Edit::Batch(vec![grow, edit]),
                None => edit,
            };
            Ok((format!("add {name}"), edit, vec![id]))
        }
        PaletteItem::Note => {
            let rect = Rect { x: snap(x - 90.0), y: snap(y - 40.0), w: 180.0, h: 80.0 };
            let attached = selection.first().filter(|id| kind_of(ws.diagram(), id).is_some()).cloned();
            let (edit, id) = ops::add_note(ws.doc_mut().ids_mut(), "New note", attached, Some(rect));
            Ok(("add note".to_owned(), edit, vec![id]))
        }
        PaletteItem::Boundary | PaletteItem::Context => {
            let members: Vec<Id> = selection.iter().filter(|id| kind_of(ws.diagram(), id).is_some()).cloned().collect();
            let is_boundary = item == PaletteItem::Boundary;
            let name = if is_boundary { "Trust boundary" } else { "Bounded context" };
            let empty = members.is_empty();
            let (edit, id) = if is_boundary {
                ops::add_boundary(ws.doc_mut().ids_mut(), name, BoundaryKind::Custom, members)
            } else {
                ops::add_context(ws.doc_mut().ids_mut(), name, members)
            };
            let mut edits = vec![edit];
            if empty {
                let key = if is_boundary { LayoutKey::Boundary(id.clone()) } else { LayoutKey::Context(id.clone()) };
                let rect = Rect { x: snap(x - 200.0), y: snap(y - 130.0), w: 400.0, h: 260.0 };
                edits.push(Edit::Layout(key, Some(LayoutValue::Rect(rect))));
            }
            Ok((format!("add {}", name.to_lowercase()), Edit::Batch(edits), vec![id]))
        }
    }
}

/// `rect`, moved down until it covers no other card with the same parent level (so clicking the palette twice
/// does not stack two cards on top of each other). Containers the rectangle falls inside are not obstacles.
fn free_spot(diagram: &Diagram, mut rect: Rect) -> Rect {
    let overlaps = |r: &Rect, o: &Rect| r.x < o.x + o.w && o.x < r.x + r.w && r.y < o.y + o.h && o.y < r.y + r.h;
    for _ in 0..200 {
        let around = |o: &Rect| o.contains_rect(&rect) && o.w > rect.w && o.h > rect.h;
        let blocked = diagram.layout.components.values().any(|o| overlaps(&rect, o) && !around(o));
        if !blocked {
            break;
        }
        rect.y += rect.h + 20.0;
    }
    rect
}

/// Where a new child of `parent` goes: `wanted` if it lies inside the parent's area below its title bar and
/// covers no sibling, else the first free grid spot inside; when the parent is full it grows downwards (the edit
/// that grows it comes back with the rectangle).
fn inside_parent(diagram: &Diagram, scene: &Scene, parent: &Id, wanted: Rect) -> (Rect, Option<Edit>) {
    let Some(area) = current_rect(diagram, scene, parent) else { return (wanted, None) };
    let top = area.y + f64::from(scene::TITLE_H) + 8.0;
    let (left, right, bottom) = (area.x + 8.0, area.x + area.w - 8.0, area.y + area.h - 8.0);
    // A container put into a smaller one gets a size that leaves room beside it.
    let wanted = Rect {
        w: wanted.w.min(((right - left) * 0.6).max(CARD.0)),
        h: wanted.h.min(((bottom - top) * 0.7).max(CARD.1)),
        ..wanted
    };
    let siblings: Vec<Rect> = diagram
        .components
        .iter()
        .filter(|c| c.parent.as_ref() == Some(parent))
        .filter_map(|c| current_rect(diagram, scene, &c.id))
        .collect();
    let overlaps = |r: &Rect| {
        siblings.iter().any(|o| {
            r.x < o.x + o.w + 10.0 && o.x < r.x + r.w + 10.0 && r.y < o.y + o.h + 10.0 && o.y < r.y + r.h + 10.0
        })
    };
    let fits = |r: &Rect| r.x >= left && r.y >= top && r.x + r.w <= right && r.y + r.h <= bottom;
    // Where it was dropped, moved inside the parent's area when it sticks out.
    let clamped = Rect {
        x: snap(wanted.x.min(right - wanted.w).max(left)),
        y: snap(wanted.y.min(bottom - wanted.h).max(top)),
        ..wanted
    };
    if fits(&clamped) && !overlaps(&clamped) {
        return (clamped, None);
    }
    // The free spot nearest to the drop.
    let mut best: Option<(f64, Rect)> = None;
    let mut y = snap(top);
    while y + wanted.h <= bottom {
        let mut x = snap(left + 8.0);
        while x + wanted.w <= right {
            let r = Rect { x, y, ..wanted };
            let d = (r.x - clamped.x).powi(2) + (r.y - clamped.y).powi(2);
            if !overlaps(&r) && best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, r));
            }
            x += GRID * 2.0;
        }
        y += GRID * 2.0;
    }
    if let Some((_, r)) = best {
        return (r, None);
    }
    // Full: below everything inside, and the parent grows to hold it.
    let lowest = siblings.iter().map(|s| s.y + s.h).fold(top, f64::max);
    let r = Rect { x: snap(left + 8.0), y: snap(lowest + 20.0), ..wanted };
    let width = area.w.max(r.w + 32.0);
    let grown = Rect { w: width, h: (r.y + r.h + 16.0 - area.y).max(area.h), ..area };
    let grow = layout_key(diagram, parent).map(|key| Edit::Layout(key, Some(LayoutValue::Rect(grown))));
    (r, grow)
}

/// The rectangle an element is drawn at: its layout's, else where the scene placed it.
fn current_rect(diagram: &Diagram, scene: &Scene, id: &Id) -> Option<Rect> {
    let layout = &diagram.layout;
    layout
        .components
        .get(id)
        .or_else(|| layout.boundaries.get(id))
        .or_else(|| layout.contexts.get(id))
        .or_else(|| layout.notes.get(id))
        .copied()
        .or_else(|| scene.element_rect(id).map(|r| layout_rect(&r)))
}

/// Moves `ids` by `(dx, dy)` with everything inside them (and the members of moved boundaries and contexts). With
/// `drop_targets` (the containers under the pointer, innermost first) moved components are nested into the first
/// that the catalog allows, or taken out to the top level; without, they keep their parents (nudges, alignment).
pub fn move_by(
    diagram: &Diagram,
    scene: &Scene,
    ids: &[Id],
    (dx, dy): (f64, f64),
    drop_targets: Option<&[Id]>,
) -> Result<Edit, String> {
    let mut roots: Vec<Id> = ids.to_vec();
    for group in diagram
        .boundaries
        .iter()
        .map(|b| (&b.id, &b.members))
        .chain(diagram.contexts.iter().map(|c| (&c.id, &c.members)))
    {
        if ids.contains(group.0) {
            roots.extend(group.1.iter().cloned());
        }
    }
    let moved: BTreeSet<Id> = ops::with_descendants(diagram, &roots);
    let mut edits = Vec::new();
    // Nesting: only the selected components whose parent does not move with them.
    let targets: Vec<&Id> = drop_targets.unwrap_or_default().iter().filter(|t| !moved.contains(*t)).collect();
    for id in ids.iter().filter(|_| drop_targets.is_some()) {
        let Some(component) = diagram.components.iter().find(|c| &c.id == id) else { continue };
        if component.parent.as_ref().is_some_and(|p| moved.contains(p)) {
            continue;
        }
        let parent = parent_for(diagram, component.kind, targets.first().copied())
            .map_err(|why| format!("\"{}\" stays where it was. {why}", component.name))?;
        if parent != component.parent {
            edits.push(ops::reparent(diagram, id, parent).map_err(|e| e.to_string())?);
        }
    }
    edits.push(ops::move_placed(diagram, &roots, dx, dy, |id| scene.element_rect(id).map(|r| layout_rect(&r))));
    Ok(Edit::Batch(edits))
}

/// Gives an element a new rectangle.
pub fn resize(diagram: &Diagram, id: &Id, rect: &scene::Rect) -> Option<Edit> {
    let rect =
        Rect { x: snap(f64::from(rect.x)), y: snap(f64::from(rect.y)), w: f64::from(rect.w), h: f64::from(rect.h) };
    Some(Edit::Layout(layout_key(diagram, id)?, Some(LayoutValue::Rect(rect))))
}

/// A flow from `from` to `to` with the pattern the ends most likely mean.
pub fn connect(ws: &mut Workspace, from: &Id, to: &Id) -> Result<(Edit, Id), String> {
    let diagram = ws.diagram();
    let (Some(a), Some(b)) = (kind_of(diagram, from), kind_of(diagram, to)) else {
        return Err("flows connect two components".to_owned());
    };
    for (id, kind) in [(from, a), (to, b)] {
        if !kind.is_flow_endpoint() {
            return Err(format!(
                "a flow cannot start or end at {} \"{id}\": it only groups components; connect what runs inside it",
                catalog::info(kind).name
            ));
        }
    }
    Ok(ops::add_flow(ws.doc_mut().ids_mut(), from, to, Pattern::suggested(a, b)))
}

/// How to line up several elements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arrange {
    /// Same left edge as the leftmost.
    Left,
    /// Same top edge as the topmost.
    Top,
    /// Same horizontal centre as the first's.
    Center,
    /// Equal horizontal gaps between the outermost.
    SpreadH,
    /// Equal vertical gaps between the outermost.
    SpreadV,
}

/// Aligns or distributes the selected cards, regions and notes (each moves with what sits inside it).
pub fn arrange(diagram: &Diagram, scene: &Scene, ids: &[Id], how: Arrange) -> Option<Edit> {
    let mut items: Vec<(Id, Rect)> =
        ids.iter().filter_map(|id| Some((id.clone(), current_rect(diagram, scene, id)?))).collect();
    if items.len() < 2 {
        return None;
    }
    let mut edits = Vec::new();
    let mut shift = |id: &Id, dx: f64, dy: f64| {
        if (dx, dy) != (0.0, 0.0)
            && let Ok(edit) = move_by(diagram, scene, std::slice::from_ref(id), (dx, dy), None)
        {
            edits.push(edit);
        }
    };
    match how {
        Arrange::Left => {
            let left = items.iter().map(|(_, r)| r.x).fold(f64::INFINITY, f64::min);
            items.iter().for_each(|(id, r)| shift(id, left - r.x, 0.0));
        }
        Arrange::Top => {
            let top = items.iter().map(|(_, r)| r.y).fold(f64::INFINITY, f64::min);
            items.iter().for_each(|(id, r)| shift(id, 0.0, top - r.y));
        }
        Arrange::Center => {
            let center = items[0].1.center().x;
            items.iter().for_each(|(id, r)| shift(id, center - r.center().x, 0.0));
        }
        Arrange::SpreadH | Arrange::SpreadV => {
            let horizontal = how == Arrange::SpreadH;
            let start = |r: &Rect| if horizontal { r.x } else { r.y };
            let size = |r: &Rect| if horizontal { r.w } else { r.h };
            crate::sorting::sort_by(&mut items, |a, b| start(&a.1).total_cmp(&start(&b.1)));
            let (first, last) = (items[0].1, items[items.len() - 1].1);
            let total: f64 = items.iter().map(|(_, r)| size(r)).sum();
            let gap = (start(&last) + size(&last) - start(&first) - total) / (items.len() - 1) as f64;
            let mut at = start(&first);
            for (id, r) in &items {
                let d = at - start(r);
                if horizontal {
                    shift(id, d, 0.0);
                } else {
                    shift(id, 0.0, d);
                }
                at += size(r) + gap;
            }
        }
    }
    Some(Edit::Batch(edits))
}
