//! The check `unscanned-images` and `unsigned-images` share: workloads (pods, containers, image-packaged Lambda
//! functions, ECS services) that run images lacking a control, grouped by the ECR or external registry they pull from.
//!
//! A workload's own setting decides for it; when it says nothing, a registry it pulls from that lacks the control
//! decides (a container that says nothing follows its pod). A registry lacking the control fires on its own only when no drawn workload pulls from it; when every
//! workload pulling from it has the control itself, it stays quiet. Nothing said on either side: quiet.

use crate::analysis::finding::Hit;
use crate::analysis::quote;
use crate::analysis::rule::RuleContext;
use crate::analysis::rules::compute::nodes::{names, workload_data};
use crate::analysis::rules::compute::registry::RegistryReads;
use crate::model::ComponentKind as K;
use crate::model::props::{PackageType, Properties};
use crate::model::{ComponentIx, Kinds, Model};

/// What differs between the two rules.
pub(super) struct Wording {
    /// Reads the control from a workload's or registry's properties.
    pub flag: fn(&Properties) -> Option<bool>,
    /// Completes "images that are ...".
    pub lacking: &'static str,
    /// Completes "<registry> does not ...".
    pub registry_lacks: &'static str,
    /// What follows, as the end of a sentence.
    pub consequence: &'static str,
}

/// Whether a component runs container images: pods, containers and ECS services, image-packaged functions, and
/// whatever names the registries it runs images from (`images`).
pub(super) fn runs_images(model: &Model, c: ComponentIx) -> bool {
    match model.kind(c) {
        K::Pod | K::Container | K::EcsService => true,
        K::Lambda if model.props(c).package_type == Some(PackageType::Image) => true,
        _ => !model.component(c).images.is_empty(),
    }
}

/// The components that run images ([`runs_images`]), in id order: of the kinds that do, and any that names images.
pub(super) fn image_runners(model: &Model) -> Vec<ComponentIx> {
    const KINDS: Kinds = Kinds::of(&[K::Pod, K::Container, K::EcsService, K::Lambda]);
    let mut all: Vec<ComponentIx> =
        model.components_of(KINDS).chain(model.naming_images()).filter(|&c| runs_images(model, c)).collect();
    crate::sorting::sort(&mut all);
    all.dedup();
    all
}

/// Pushes the hits of one image rule.
pub(super) fn check(cx: &RuleContext<'_>, hits: &mut Vec<Hit>, wording: &Wording) {
    let model = cx.model;
    let facts = cx.facts;
    let flag = wording.flag;
    let reads = RegistryReads::new(model);
    let mut pulled = Vec::new();
    let mut linked: Vec<ComponentIx> = Vec::new();
    let mut lacking: Vec<(ComponentIx, ComponentIx)> = Vec::new();
    for workload in image_runners(model) {
        reads.pulled_by(model, facts, workload, &mut pulled);
        linked.extend_from_slice(&pulled);
        let own = flag(model.props(workload));
        if own.is_none() && model.kind(workload) == K::Container {
            // A container that says nothing follows its pod, which stands for it on the registries they share.
            let pod = model.parent(workload).and_then(|p| flag(model.props(p)));
            if pod != Some(true) {
                lacking.extend(
                    reads
                        .direct(workload)
                        .filter(|&r| pod == Some(false) || flag(model.props(r)) == Some(false))
                        .map(|r| (r, workload)),
                );
            }
            continue;
        }
        if own == Some(true) {
            continue;
        }
        for &registry in &pulled {
            if own == Some(false) || flag(model.props(registry)) == Some(false) {
                lacking.push((registry, workload));
            }
        }
        if own == Some(false) && pulled.is_empty() {
            let component = model.component(workload);
            hits.push(
                Hit::on(
                    &component.id,
                    format!(
                        "{} runs images {}: {}.",
                        quote::name_of(model, component),
                        wording.lacking,
                        wording.consequence
                    ),
                )
                .with_data(workload_data(model, workload))
                .exposed(facts.is_internet_facing(workload)),
            );
        }
    }
    crate::sorting::sort(&mut linked);
    linked.dedup();
    crate::sorting::sort(&mut lacking);
    let mut pullers: Vec<ComponentIx> = Vec::new();
    for registry in model.components_of(super::registry::REGISTRIES) {
        let start = lacking.partition_point(|&(r, _)| r < registry);
        pullers.clear();
        pullers
            .extend(lacking.get(start..).unwrap_or(&[]).iter().take_while(|&&(r, _)| r == registry).map(|&(_, w)| w));
        let registry_lacks = flag(model.props(registry)) == Some(false);
        if pullers.is_empty() && !(registry_lacks && linked.binary_search(&registry).is_err()) {
            continue;
        }
        let component = model.component(registry);
        let off = if registry_lacks {
            format!(" ({} does not {})", quote::name_of(model, component), wording.registry_lacks)
        } else {
            String::new()
        };
        let explanation = if pullers.is_empty() {
            format!(
                "{} does not {}: {}.",
                quote::name_of(model, component),
                wording.registry_lacks,
                wording.consequence
            )
        } else {
            format!(
                "{} {} images {} from {}{off}: {}.",
                names(model, &pullers),
                if pullers.len() == 1 { "pulls" } else { "pull" },
                wording.lacking,
                quote::name_of(model, component),
                wording.consequence
            )
        };
        hits.push(
            Hit::on(model.component_id(registry), explanation)
                .with_elements(pullers.iter().map(|&w| model.component_id(w)))
                .with_data(pullers.iter().filter_map(|&w| workload_data(model, w)).max())
                .exposed(pullers.iter().any(|&w| facts.is_internet_facing(w))),
        );
    }
}
