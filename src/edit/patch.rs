//! How an edit reaches a [`Document`](crate::edit::Document)'s checked model without a rebuild: [`patches`] turns an
//! edit (or a batch) into [`Patch`]es, each checked against the model on its own with the whole check's checks and
//! messages (components' properties and places, flows, notes, manual threats, settings). The document applies them;
//! an edit that cannot be patched is checked as a whole and the model rebuilt.

use crate::edit::change::{Edit, LayoutKey, Record};
use crate::edit::history::bad_layout;
use crate::edit::ids::Ids;
use crate::model::Element as E;
use crate::model::changes::{Changes, ComponentShift};
use crate::model::diagram::Diagram;
use crate::model::id::Id;
use crate::model::{Component, ComponentIx, ComponentKind, Model};

/// Whether anything in `diagram` names `id` where it names a component: a component (its parent, role, links or
/// permission resources), a flow's end, a boundary's or context's member, a connection's end, or a layout rectangle.
/// A scan of the whole diagram: only for removed components.
fn refers_to_component(diagram: &Diagram, id: &Id) -> bool {
    let names = |c: &Component| {
        c.parent.as_ref() == Some(id)
            || c.role.as_ref() == Some(id)
            || c.execution_role.as_ref() == Some(id)
            || [&c.protects, &c.covers, &c.credentials_for, &c.images, &c.subnets].iter().any(|l| l.contains(id))
            || c.properties.permissions.iter().flatten().any(|p| p.resources.iter().any(|r| r == id.as_str()))
            || c.properties.policy_templates.iter().flatten().any(|t| t.resource.as_deref() == Some(id.as_str()))
    };
    diagram.layout.components.contains_key(id)
        || diagram.components.iter().any(names)
        || diagram.flows.iter().any(|f| &f.from == id || &f.to == id)
        || diagram.boundaries.iter().any(|b| b.members.contains(id))
        || diagram.contexts.iter().any(|c| c.members.contains(id))
        || diagram.connections.iter().any(|c| &c.from == id || &c.to == id)
}

/// One change a document can make to its model in place.
pub(super) enum Patch {
    /// A component's new content (same structure).
    Component(ComponentIx, Box<Component>),
    /// A flow's new attributes (same id, ends and pattern).
    Flow(crate::model::Flow),
    /// A new flow, checked, with the positions of its ends.
    NewFlow(crate::model::Flow, Ends),
    /// A flow with other ends or another pattern (same id), checked, with the positions of its ends.
    Repointed(crate::model::Flow, Ends),
    /// A flow removed, by id.
    Removed(Id),
    /// A triage entry with a well-formed finding id, set or cleared.
    Triage(String, Option<crate::model::triage::Triage>),
    /// A layout entry set (its values checked): it must name an element of its kind once the edit is made.
    Layout(LayoutKey),
    /// A note, checked, new (true) or in place of the one with its id.
    Note(crate::model::note::Note, bool),
    /// A manual threat, checked, new (true) or in place of the one with its id.
    Threat(crate::model::threat::Threat, bool),
    /// A boundary, bounded context or connection, checked, new or in place of the one with its id.
    Listed(Box<Record>),
    /// A boundary, context, connection, note or manual threat removed, by id.
    RemovedListed(Id),
    /// New settings, checked.
    Settings(Box<crate::model::settings::Settings>),
    /// A component with other links (and maybe content), checked.
    Links(ComponentIx, Box<Component>),
    /// A component moved under another parent (or to the top level), checked, with its parent's position.
    Reparent(ComponentIx, Option<ComponentIx>, Box<Component>),
    /// A new component that links to nothing, checked, with the position of its parent.
    NewComponent(Box<Component>, Option<ComponentIx>),
    /// A component without children, flows or links removed, by id.
    RemovedComponent(Id),
}

/// The positions of a flow's ends.
pub(super) type Ends = (ComponentIx, ComponentIx);

/// How an edit can reach the model.
pub(super) enum Patches {
    /// In place, by these patches in order.
    InPlace(Vec<Patch>),
    /// It changes a component's properties, or a flow, to values with a problem (the first, as text).
    Refused(String),
    /// Only by rebuilding the model.
    Rebuild,
}

/// The position of the flow `id` in `model`.
pub(super) fn flow_at(model: &Model, id: &Id) -> Option<crate::model::FlowIx> {
    match model.element(id) {
        Some(E::Flow(f)) => Some(f),
        _ => None,
    }
}

/// The ends of the flow at `f` in `model`.
pub(super) fn ends_of(model: &Model, f: crate::model::FlowIx) -> [ComponentIx; 2] {
    let (from, to) = model.flow_ends(f);
    [from, to]
}

/// Whether the layout entry `key` names an element of its kind in `model`.
pub(super) fn lays_out(model: &Model, key: &LayoutKey) -> bool {
    match key {
        LayoutKey::Component(id) => matches!(model.element(id), Some(E::Component(_))),
        LayoutKey::Flow(id) => matches!(model.element(id), Some(E::Flow(_))),
        LayoutKey::Boundary(id) => matches!(model.element(id), Some(E::Boundary(_))),
        LayoutKey::Context(id) => matches!(model.element(id), Some(E::Context(_))),
        LayoutKey::Note(id) => matches!(model.element(id), Some(E::Note(_))),
    }
}

/// The patches that make `edit` (itself, or a batch of such edits) in `model`: replacements of components that
/// keep their structure, change only their links (not the subnets they name) or only move them under another
/// parent, a new component that links to nothing, a component
/// without children, flows or links removed, flows added, removed, re-pointed or with new attributes, boundaries,
/// contexts, connections, notes and manual threats added, removed or changed, settings, triage entries, and layout
/// entries among them. A batch that touches one element twice, or anything
/// else, is rebuilt; so is a batch with a problem (an element may refer to one the batch adds).
pub(super) fn patches(model: &Model, edit: &Edit) -> Patches {
    let mut out = Vec::new();
    match collect(model, edit, &mut out) {
        Err(Some(why)) => Patches::Refused(why),
        Err(None) => Patches::Rebuild,
        Ok(()) => checked(model, out),
    }
}

/// Adds the patches of `edit` to `out`; `Err(Some(why))`: the edit adds a problem (`why`, the first), `Err(None)`: it
/// cannot be patched.
fn collect(model: &Model, edit: &Edit, out: &mut Vec<Patch>) -> Result<(), Option<String>> {
    match edit {
        Edit::Replace(Record::Component(new)) => replaced_component(model, new, out)?,
        Edit::Replace(Record::Flow(new)) => {
            let f = flow_at(model, &new.id).ok_or(None)?;
            if model.flow(f).same_structure(new) {
                // No check reads a flow's other attributes.
                out.push(Patch::Flow(new.clone()));
            } else {
                let ends = crate::model::flow_problems(model, f.index(), new).map_err(|problems| first(&problems))?;
                out.push(Patch::Repointed(new.clone(), ends));
            }
        }
        Edit::Insert(Record::Flow(new)) => {
            // A taken id is the full check's to report.
            if model.element(&new.id).is_some() {
                return Err(None);
            }
            let ends =
                crate::model::flow_problems(model, model.flows().len(), new).map_err(|problems| first(&problems))?;
            out.push(Patch::NewFlow(new.clone(), ends));
        }
        Edit::Delete(id) if flow_at(model, id).is_some() => out.push(Patch::Removed(id.clone())),
        Edit::Triage(id, triage) if crate::model::triage::check_finding_id(id).is_ok() => {
            out.push(Patch::Triage(id.clone(), triage.clone()));
        }
        Edit::Layout(key, value) => {
            if bad_layout(edit).is_some() {
                return Err(None);
            }
            if value.is_some() {
                out.push(Patch::Layout(key.clone()));
            }
        }
        Edit::Insert(Record::Note(note)) | Edit::Replace(Record::Note(note)) => {
            let (new, len) = (matches!(edit, Edit::Insert(_)), model.diagram().notes.len());
            let i = slot(model, &note.id, new, len, |e| matches!(e, E::Note(_)))?;
            refuse(&crate::model::note_problems(model, i, note))?;
            out.push(Patch::Note(note.clone(), new));
        }
        Edit::Insert(Record::Threat(threat)) | Edit::Replace(Record::Threat(threat)) => {
            let (new, len) = (matches!(edit, Edit::Insert(_)), model.diagram().threats.len());
            let i = slot(model, &threat.id, new, len, |e| matches!(e, E::Threat(_)))?;
            refuse(&crate::model::threat_problems(model, i, threat))?;
            out.push(Patch::Threat(threat.clone(), new));
        }
        Edit::Insert(record @ (Record::Boundary(_) | Record::Context(_) | Record::Connection(_)))
        | Edit::Replace(record @ (Record::Boundary(_) | Record::Context(_) | Record::Connection(_))) => {
            let new = matches!(edit, Edit::Insert(_));
            let d = model.diagram();
            let problems = match record {
                Record::Boundary(b) => {
                    let i = slot(model, &b.id, new, d.boundaries.len(), |e| matches!(e, E::Boundary(_)))?;
                    crate::model::boundary_problems(model, i, b)
                }
                Record::Context(c) => {
                    let i = slot(model, &c.id, new, d.contexts.len(), |e| matches!(e, E::Context(_)))?;
                    crate::model::context_problems(model, i, c)
                }
                Record::Connection(c) => {
                    let i = slot(model, &c.id, new, d.connections.len(), |e| matches!(e, E::Connection(_)))?;
                    crate::model::connection_problems(model, i, c)
                }
                _ => return Err(None),
            };
            refuse(&problems)?;
            out.push(Patch::Listed(Box::new(record.clone())));
        }
        Edit::Delete(id)
            if matches!(
                model.element(id),
                Some(E::Note(_) | E::Threat(_) | E::Boundary(_) | E::Context(_) | E::Connection(_))
            ) =>
        {
            out.push(Patch::RemovedListed(id.clone()));
        }
        Edit::Insert(Record::Component(new)) => {
            let parent = match &new.parent {
                Some(parent) => Some(model.component_ix(parent).ok_or(None)?),
                None => None,
            };
            // Links and deep nesting are the whole check's to judge.
            let deep = parent.is_some_and(|p| model.depth(p) as usize + 2 >= crate::model::MAX_NESTING);
            if model.element(&new.id).is_some() || deep || !links_nothing(new) {
                return Err(None);
            }
            refuse(&crate::model::new_component_problems(model, model.components().len(), new))?;
            out.push(Patch::NewComponent(Box::new(new.clone()), parent));
        }
        Edit::Delete(id) if matches!(model.element(id), Some(E::Component(_))) => {
            let c = model.component_ix(id).ok_or(None)?;
            // Its own links index other components (a role's users, what a user pool authorizes): the whole check's.
            if !model.children(c).is_empty()
                || model.outgoing(c).next().is_some()
                || model.incoming(c).next().is_some()
                || !links_nothing(model.component(c))
            {
                return Err(None);
            }
            out.push(Patch::RemovedComponent(id.clone()));
        }
        Edit::Settings(settings) => {
            refuse(&crate::model::settings_problems(model, settings))?;
            out.push(Patch::Settings(settings.clone()));
        }
        Edit::Batch(edits) => {
            for edit in edits {
                // Checked against the model before the batch: a note may be attached to an element the batch
                // adds, so a problem found here is the whole check's to confirm.
                collect(model, edit, out).map_err(|_| None)?;
            }
        }
        _ => return Err(None),
    }
    Ok(())
}
/// The patch that moves the component at `c` under `new`'s parent, when that is all `new` changes, the move makes no
/// cycle, keeps well within the nesting limit and moves no subnet and nothing that names subnets (those the whole
/// check judges: a subnet's VPC is where it sits).
fn moved_component(model: &Model, c: ComponentIx, new: &Component, out: &mut Vec<Patch>) -> Result<(), Option<String>> {
    let old = model.component(c);
    let unmoved = Component { parent: old.parent.clone(), ..new.clone() };
    if new.parent.as_ref() == Some(&new.id) || unmoved != *old {
        return Err(None);
    }
    let parent = match &new.parent {
        Some(parent) => Some(model.component_ix(parent).ok_or(None)?),
        None => None,
    };
    let (inside, height) = model.descendants(c);
    let depth = parent.map_or(0, |p| model.depth(p) as usize + 1);
    let subnets = |k: &ComponentIx| model.kind(*k) == ComponentKind::Subnet || !model.component(*k).subnets.is_empty();
    if parent.is_some_and(|p| p == c || inside.contains(&p))
        || depth + height as usize + 2 >= crate::model::MAX_NESTING
        || subnets(&c)
        || inside.iter().any(subnets)
    {
        return Err(None);
    }
    refuse(&crate::model::parent_problems(model, c, new))?;
    out.push(Patch::Reparent(c, parent, Box::new(new.clone())));
    Ok(())
}

/// The patch of a component replaced by `new`: new content, links or parent.
fn replaced_component(model: &Model, new: &Component, out: &mut Vec<Patch>) -> Result<(), Option<String>> {
    let c = model.component_ix(&new.id).ok_or(None)?;
    if !model.component(c).same_structure(new) {
        if relinked(model, c, new) {
            refuse(&crate::model::property_problems(model, c, new))?;
            refuse(&crate::model::link_problems(model, c, new))?;
            out.push(Patch::Links(c, Box::new(new.clone())));
            return Ok(());
        }
        return moved_component(model, c, new, out);
    }
    // Only the properties can add a problem.
    refuse(&crate::model::property_problems(model, c, new))?;
    out.push(Patch::Component(c, Box::new(new.clone())));
    Ok(())
}

/// Whether `new` differs from the component at `c` in its links (and maybe its content) alone, and not in the
/// subnets it names (the whole check judges those with its place).
fn relinked(model: &Model, c: ComponentIx, new: &Component) -> bool {
    let old = model.component(c);
    old.id == new.id && old.kind == new.kind && old.parent == new.parent && !old.links_differing(new).subnets
}

/// The first problem, as text.
fn first(problems: &[crate::model::Problem]) -> Option<String> {
    problems.first().map(ToString::to_string)
}
/// Refused with the first problem, if there is one.
fn refuse(problems: &[crate::model::Problem]) -> Result<(), Option<String>> {
    problems.first().map_or(Ok(()), |first| Err(Some(first.to_string())))
}
/// The position of a new element (`len`, its id free) or of the element `id` of its kind (`is`).
fn slot(model: &Model, id: &Id, new: bool, len: usize, is: fn(&E) -> bool) -> Result<usize, Option<String>> {
    match model.element(id) {
        None if new => Ok(len),
        Some(e @ (E::Note(i) | E::Threat(i) | E::Boundary(i) | E::Context(i) | E::Connection(i))) if !new && is(&e) => {
            Ok(i)
        }
        _ => Err(None),
    }
}
/// Whether a component names no other element (no role and no lists of links).
fn links_nothing(c: &Component) -> bool {
    c.role.is_none()
        && c.execution_role.is_none()
        && [&c.protects, &c.covers, &c.credentials_for, &c.images, &c.subnets].iter().all(|list| list.is_empty())
}

/// `out` in place, unless they touch one element twice, or move components' positions under patches that hold them.
fn checked(model: &Model, out: Vec<Patch>) -> Patches {
    // Each element at most once: every patch was checked against the model as it is now.
    let (mut components, mut ids) = (Vec::new(), Vec::new());
    for patch in &out {
        match patch {
            Patch::Component(c, _) | Patch::Links(c, _) | Patch::Reparent(c, ..) => components.push(*c),
            Patch::Flow(flow) | Patch::NewFlow(flow, _) | Patch::Repointed(flow, _) => ids.push(&flow.id),
            Patch::Note(crate::model::note::Note { id, .. }, _)
            | Patch::Threat(crate::model::threat::Threat { id, .. }, _)
            | Patch::Removed(id)
            | Patch::RemovedListed(id)
            | Patch::RemovedComponent(id) => ids.push(id),
            Patch::Listed(record) => ids.push(record.id()),
            Patch::NewComponent(c, _) => ids.push(&c.id),
            Patch::Triage(..) | Patch::Layout(_) | Patch::Settings(_) => {}
        }
    }
    // Components' positions shift when one comes or goes: patches that hold positions of components or
    // flows, made before it, would be stale; so would a second such patch.
    let moves = out.iter().filter(|p| matches!(p, Patch::NewComponent(..) | Patch::RemovedComponent(_))).count();
    // Each move was checked against the model before the batch: two could make a cycle together, or move the other's
    // new parent deeper, unless they hold together.
    let reparents = out.iter().filter(|p| matches!(p, Patch::Reparent(..))).count();
    if reparents > 1 && !moves_together(model, &out) {
        return Patches::Rebuild;
    }
    let holds = |p: &Patch| {
        matches!(
            p,
            Patch::Component(..)
                | Patch::Links(..)
                | Patch::Reparent(..)
                | Patch::Flow(_)
                | Patch::NewFlow(..)
                | Patch::Repointed(..)
                | Patch::Removed(_)
        )
    };
    if moves > 1 || (moves == 1 && out.iter().any(holds)) {
        return Patches::Rebuild;
    }
    crate::sorting::sort(&mut components);
    crate::sorting::sort(&mut ids);
    let once = !components.windows(2).any(|w| w[0] == w[1]) && !ids.windows(2).any(|w| w[0] == w[1]);
    if once { Patches::InPlace(out) } else { Patches::Rebuild }
}

/// Whether the moves among `out`, each checked against `model` alone, hold together: none inside another moved one,
/// no new parent moved or inside a moved one (so every new parent keeps its place and depth, and no cycle comes of
/// them), and at most one control plane into each cluster (a cluster holds one). A drag of a selection into one
/// container moves them together, and so does its undo, into the parents they came from.
fn moves_together(model: &Model, out: &[Patch]) -> bool {
    let moves: Vec<(ComponentIx, Option<ComponentIx>)> = out
        .iter()
        .filter_map(|p| match p {
            Patch::Reparent(c, parent, _) => Some((*c, *parent)),
            _ => None,
        })
        .collect();
    let moved: Vec<ComponentIx> = moves.iter().map(|&(c, _)| c).collect();
    let inside_moved = |c: ComponentIx| model.ancestors(c).any(|a| moved.contains(&a));
    let mut clusters: Vec<ComponentIx> = moves
        .iter()
        .filter(|&&(c, _)| model.kind(c) == ComponentKind::EksControlPlane)
        .filter_map(|&(_, parent)| parent)
        .collect();
    let planes = clusters.len();
    crate::sorting::sort(&mut clusters);
    clusters.dedup();
    !moved.iter().any(|&c| inside_moved(c))
        && moves.iter().all(|&(_, parent)| parent.is_none_or(|p| !moved.contains(&p) && !inside_moved(p)))
        && clusters.len() == planes
}

/// What patches made so far, as [`Made::make`] makes them one by one.
#[derive(Default)]
pub(super) struct Made {
    /// What changed.
    pub changes: Changes,
    /// The elements removed, by id (nothing may refer to them afterwards), and whether each was a component.
    pub removed: Vec<(Id, bool)>,
    /// The layout entries set (each must name an element of its kind afterwards).
    pub laid_out: Vec<LayoutKey>,
    /// Everything must be redone: a new posture.
    pub everything: bool,
}

impl Made {
    /// Makes `patch` in `model` (new ids marked used in `ids`); `None` when it finds the model not as checked.
    pub(super) fn make(&mut self, model: &mut Model, ids: &mut Ids, patch: Patch) -> Option<()> {
        match patch {
            Patch::Component(c, new) => self.changes.add_content(c, model.set_component_content(c, *new)),
            Patch::Flow(new) => {
                let f = flow_at(model, &new.id)?;
                self.changes.flow_ids.insert(new.id.clone());
                self.changes.flow_ends.extend(ends_of(model, f));
                self.changes.flows = self.changes.flows.union(model.set_flow_content(f, new));
            }
            Patch::NewFlow(new, ends) => {
                ids.mark(new.id.as_str());
                self.changes.flow_ids.insert(new.id.clone());
                self.changes.flow_ends.extend([ends.0, ends.1]);
                let at = model.insert_flow(new, ends);
                self.changes.flow_shifts.push((at.0, true));
                self.changes.structure = true;
            }
            Patch::Repointed(new, ends) => {
                let f = flow_at(model, &new.id)?;
                self.changes.flow_ids.insert(new.id.clone());
                self.changes.flow_ends.extend(ends_of(model, f));
                self.changes.flow_ends.extend([ends.0, ends.1]);
                model.replace_flow(f, new, ends);
                self.changes.structure = true;
                self.changes.repointed = true;
            }
            Patch::Removed(id) => {
                let f = flow_at(model, &id)?;
                let (from, to) = model.flow_ends(f);
                self.changes.flow_ends.extend([from, to]);
                self.changes.flow_shifts.push((f.0, false));
                self.changes.removed_ends.push((from, to));
                model.remove_flow(f);
                self.changes.flow_ids.insert(id.clone());
                self.removed.push((id, false));
                self.changes.structure = true;
            }
            Patch::Triage(id, triage) => {
                model.set_triage(&id, triage);
                self.changes.triage = true;
            }
            Patch::Layout(key) => self.laid_out.push(key),
            Patch::Note(note, new) => {
                if new {
                    ids.mark(note.id.as_str());
                }
                model.put_note(note);
            }
            Patch::Threat(threat, new) => {
                if new {
                    ids.mark(threat.id.as_str());
                }
                self.changes.threats.insert(threat.id.clone());
                model.put_threat(threat);
            }
            Patch::Listed(record) => self.listed(model, ids, *record)?,
            Patch::RemovedListed(id) => {
                let before = matches!(model.element(&id), Some(E::Context(_))).then(|| model.context_snapshot());
                match model.element(&id) {
                    Some(E::Threat(_)) => {
                        self.changes.threats.insert(id.clone());
                    }
                    Some(E::Boundary(_)) => self.changes.boundaries = true,
                    Some(E::Context(_)) => self.changes.contexts = true,
                    Some(E::Connection(_)) => self.changes.connections = true,
                    _ => {}
                }
                if !model.remove_listed(&id) {
                    return None;
                }
                if let Some(before) = before {
                    self.changes.context_members.extend(model.context_changes(&before));
                }
                self.removed.push((id, false));
            }
            Patch::Links(c, new) => self.relink(model, c, *new),
            Patch::Reparent(c, parent, new) => {
                let (before, left) = (model.context_snapshot(), model.parent(c));
                model.reparent(c, parent, *new);
                let (mut inside, _) = model.descendants(c);
                inside.push(c);
                self.changes.add_move(&inside, &left.into_iter().chain(parent).collect::<Vec<_>>());
                // Contexts are inherited from containers.
                let members = model.context_changes(&before);
                if !members.is_empty() {
                    self.changes.context_members.extend(members);
                    self.changes.contexts = true;
                }
            }
            Patch::NewComponent(new, parent) => {
                ids.mark(new.id.as_str());
                let (id, kind) = (new.id.clone(), new.kind);
                let at = model.insert_component(*new, parent);
                let (parent, data) = (model.parent(at), model.props(at).data.is_some());
                self.changes.add_component(ComponentShift { at, added: true, id, kind, parent, data });
            }
            Patch::RemovedComponent(id) => {
                let c = model.component_ix(&id)?;
                let parent = model.parent(c).map(|p| if p > c { ComponentIx(p.0 - 1) } else { p });
                let (kind, data) = (model.kind(c), model.props(c).data.is_some());
                model.remove_component(c);
                let shift = ComponentShift { at: c, added: false, id: id.clone(), kind, parent, data };
                self.changes.add_component(shift);
                self.removed.push((id, true));
            }
            Patch::Settings(new) => {
                let old = model.set_settings(*new);
                let new = &model.diagram().settings;
                self.everything |= old.posture != new.posture;
                self.changes.as_of |= old.as_of != new.as_of;
                let rules = old.rules.keys().chain(new.rules.keys());
                self.changes.rule_settings.extend(rules.filter(|r| old.rules.get(*r) != new.rules.get(*r)).cloned());
            }
        }
        Some(())
    }

    /// Gives the component at `c` the links (and content) of `new`.
    fn relink(&mut self, model: &mut Model, c: ComponentIx, new: Component) {
        // What a Cognito user pool authorizes requires authentication in effect.
        let authorized: Vec<Id> = if model.kind(c) == ComponentKind::CognitoUserPool {
            model.component(c).protects.iter().chain(&new.protects).cloned().collect()
        } else {
            Vec::new()
        };
        let links = model.set_links(c, &new);
        self.changes.add_links(c, links);
        self.changes.add_content(c, model.set_component_content(c, new));
        let authorized: Vec<ComponentIx> = authorized.iter().filter_map(|id| model.component_ix(id)).collect();
        for t in authorized {
            let keys = model.refresh_effective(t);
            self.changes.add_content(t, crate::model::changes::ContentChange { keys, ..Default::default() });
        }
    }

    /// Makes a boundary, bounded context or connection new or changed.
    fn listed(&mut self, model: &mut Model, ids: &mut Ids, record: Record) -> Option<()> {
        ids.mark(record.id().as_str());
        match record {
            // Only the facts read boundaries.
            Record::Boundary(b) => {
                model.put_boundary(b);
                self.changes.boundaries = true;
            }
            // Memberships or contexts' positions changed: the metrics and some rules read them.
            Record::Context(c) => {
                let before = model.context_snapshot();
                model.put_context(c);
                self.changes.context_members.extend(model.context_changes(&before));
                self.changes.contexts = true;
            }
            // The networks they join: what reads them re-runs.
            Record::Connection(c) => {
                model.put_connection(c);
                self.changes.connections = true;
            }
            _ => return None,
        }
        Some(())
    }
}

/// Whether anything in `diagram` names the removed element `id` (a `component` or not): a layout entry, a note
/// attached to it, a manual threat about it, or for a component [`refers_to_component`]'s places.
pub(super) fn referred(diagram: &Diagram, (id, component): &(Id, bool)) -> bool {
    (*component && refers_to_component(diagram, id))
        || diagram.layout.flows.contains_key(id)
        || diagram.layout.notes.contains_key(id)
        || diagram.layout.boundaries.contains_key(id)
        || diagram.layout.contexts.contains_key(id)
        || diagram.notes.iter().any(|note| note.attached_to.as_ref() == Some(id))
        || diagram.threats.iter().any(|threat| &threat.element == id)
}
