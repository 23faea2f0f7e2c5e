//! Where resources sit: subnets in their VPC (public when their route table routes to an internet gateway), NAT
//! gateways in their subnet, endpoints, clusters, load balancers and VPC-attached functions in their VPC with the
//! subnets they name, services in their cluster, databases in the VPC of their subnet group. Security groups say
//! whether ingress is restricted (no rule admits 0.0.0.0/0 or ::/0), and a node's launch template its instance
//! metadata settings.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::import::cfn::Cfn;
use crate::import::common::child;
use crate::import::report::Outcome;
use crate::model::id::Id;
use crate::model::kind::ComponentKind as K;
use crate::model::props::{Exposure, InstanceMetadata};

/// Ranges that admit anyone.
const OPEN: [&str; 2] = ["0.0.0.0/0", "::/0"];

/// Places every component and sets what its network says about it.
pub(super) fn nest(cfn: &mut Cfn<'_>) {
    let public = public_subnets(cfn);
    let logicals: Vec<(String, Id)> = cfn.components.iter().map(|(l, id)| (l.clone(), id.clone())).collect();
    // Subnets first: everything else finds its VPC through them.
    for (logical, id) in &logicals {
        if cfn.type_of(logical) != "AWS::EC2::Subnet" {
            continue;
        }
        let p = properties(cfn, logical);
        if let Some(vpc) = p.get("VpcId").and_then(|v| cfn.target(v)).filter(|v| cfn.b.kind_of(v) == Some(K::Vpc)) {
            set_parent(cfn, id, &vpc);
        }
        let exposure = match public.get(logical.as_str()) {
            Some(true) => Exposure::Public,
            _ => Exposure::Private,
        };
        if let Some(c) = cfn.b.component_mut(id) {
            c.properties.exposure = Some(exposure);
        }
    }
    // A subnet nobody placed cannot stand alone: it goes in the template's only VPC or is left out.
    for (logical, id) in &logicals {
        if cfn.b.kind_of(id) == Some(K::Subnet) && parent_of(cfn, id).is_none() {
            let vpcs: Vec<Id> =
                cfn.b.diagram.components.iter().filter(|c| c.kind == K::Vpc).map(|c| c.id.clone()).collect();
            let path = child("$.Resources", logical);
            if let [vpc] = vpcs.as_slice() {
                set_parent(cfn, id, vpc);
                cfn.b.report.add(
                    Outcome::Approximated,
                    &path,
                    Some(id),
                    format!("its VpcId is not resolved by the template: placed in {vpc}, the template's only VPC"),
                );
            } else {
                make_placeholder_vpc(cfn, &path, id);
            }
        }
    }
    for (logical, id) in &logicals {
        place(cfn, logical, id);
    }
    for (logical, id) in &logicals {
        security(cfn, logical, id);
    }
    flow_logs(cfn);
    kubelets(cfn);
}

/// The nodes of an EKS cluster call its control plane (the kubelet registers with and reports to the Kubernetes
/// API).
fn kubelets(cfn: &mut Cfn<'_>) {
    let planes: Vec<(Id, Id)> = cfn
        .b
        .diagram
        .components
        .iter()
        .filter(|c| c.kind == K::EksControlPlane)
        .filter_map(|c| Some((c.parent.clone()?, c.id.clone())))
        .collect();
    for (cluster, plane) in planes {
        let nodes: Vec<(String, Id)> = cfn
            .components
            .iter()
            .filter(|(_, id)| {
                cfn.b
                    .diagram
                    .components
                    .iter()
                    .any(|c| &c.id == *id && c.kind == K::Ec2Node && c.parent.as_ref() == Some(&cluster))
            })
            .map(|(l, id)| (l.clone(), id.clone()))
            .collect();
        for (logical, node) in nodes {
            cfn.link(&child("$.Resources", &logical), "the kubelet calls the Kubernetes API", &node, &plane, false);
        }
    }
}

/// A subnet whose VPC the template does not give sits in a VPC made for it (a subnet needs one).
fn make_placeholder_vpc(cfn: &mut Cfn<'_>, path: &str, subnet: &Id) {
    let vpc =
        cfn.implied(path, "VPC (not in this template)", K::Vpc, "a subnet's VPC that the template does not declare");
    set_parent(cfn, subnet, &vpc);
}

fn properties(cfn: &Cfn<'_>, logical: &str) -> Value {
    cfn.resource(logical).and_then(|r| r.get("Properties")).cloned().unwrap_or(Value::Null)
}

fn parent_of(cfn: &Cfn<'_>, id: &Id) -> Option<Id> {
    cfn.b.diagram.components.iter().find(|c| &c.id == id).and_then(|c| c.parent.clone())
}

/// Puts a component in a parent when its kind may sit there.
fn set_parent(cfn: &mut Cfn<'_>, id: &Id, parent: &Id) -> bool {
    let (Some(kind), Some(parent_kind)) = (cfn.b.kind_of(id), cfn.b.kind_of(parent)) else { return false };
    if id == parent || !crate::model::catalog::info(kind).may_sit_in(Some(parent_kind)) {
        return false;
    }
    if let Some(c) = cfn.b.component_mut(id) {
        c.parent = Some(parent.clone());
    }
    true
}

/// The subnets a value names (drawn subnets only).
fn subnets_in(cfn: &Cfn<'_>, value: Option<&Value>) -> Vec<Id> {
    value
        .map(|v| cfn.targets(v))
        .unwrap_or_default()
        .into_iter()
        .filter(|s| cfn.b.kind_of(s) == Some(K::Subnet))
        .collect()
}

/// The VPC the first of these subnets is in.
fn vpc_of(cfn: &Cfn<'_>, subnets: &[Id]) -> Option<Id> {
    subnets.iter().find_map(|s| parent_of(cfn, s))
}

/// Places a component in the VPC of its subnets and names them (when its kind names subnets), keeping only the
/// subnets of that VPC.
fn in_subnets(cfn: &mut Cfn<'_>, id: &Id, subnets: &[Id]) {
    let Some(vpc) = vpc_of(cfn, subnets) else { return };
    let kind = cfn.b.kind_of(id);
    let names_subnets = kind.is_some_and(|k| crate::model::catalog::info(k).links.subnets);
    let own: Vec<Id> = subnets.iter().filter(|s| parent_of(cfn, s).as_ref() == Some(&vpc)).cloned().collect();
    let placed = if !names_subnets && let [only] = own.as_slice() {
        set_parent(cfn, id, only) || set_parent(cfn, id, &vpc)
    } else {
        set_parent(cfn, id, &vpc)
    };
    if placed
        && names_subnets
        && let Some(c) = cfn.b.component_mut(id)
    {
        c.subnets = own;
    }
}

/// One component's place.
fn place(cfn: &mut Cfn<'_>, logical: &str, id: &Id) {
    let p = properties(cfn, logical);
    let resource_type = cfn.type_of(logical).to_owned();
    match resource_type.as_str() {
        "AWS::EC2::NatGateway" | "AWS::EC2::Instance" => {
            let subnets = subnets_in(cfn, p.get("SubnetId"));
            if let Some(subnet) = subnets.first() {
                set_parent(cfn, id, subnet);
            }
        }
        "AWS::EC2::VPCEndpoint" => {
            if let Some(vpc) = p.get("VpcId").and_then(|v| cfn.target(v)) {
                set_parent(cfn, id, &vpc);
            }
        }
        "AWS::Lambda::Function" | "AWS::Serverless::Function" => {
            let config = p.get("VpcConfig").or_else(|| cfn.globals.get("VpcConfig")).cloned();
            let subnets = subnets_in(cfn, config.as_ref().and_then(|c| c.get("SubnetIds")));
            in_subnets(cfn, id, &subnets);
        }
        "AWS::ElasticLoadBalancingV2::LoadBalancer" | "AWS::ElasticLoadBalancing::LoadBalancer" => {
            let mut subnets = subnets_in(cfn, p.get("Subnets"));
            subnets.extend(subnets_in(cfn, p.get("SubnetMappings")));
            in_subnets(cfn, id, &subnets);
        }
        "AWS::EKS::Cluster" => {
            let subnets = subnets_in(cfn, p.get("ResourcesVpcConfig").and_then(|c| c.get("SubnetIds")));
            if let Some(vpc) = vpc_of(cfn, &subnets) {
                set_parent(cfn, id, &vpc);
            }
        }
        "AWS::EKS::Nodegroup" | "AWS::EKS::FargateProfile" => {
            if let Some(cluster) = p.get("ClusterName").and_then(|v| cfn.target(v)) {
                set_parent(cfn, id, &cluster);
            }
            let subnets = subnets_in(cfn, p.get("Subnets"));
            if let Some(c) = cfn.b.component_mut(id)
                && c.parent.is_some()
            {
                c.subnets = subnets;
            }
            if resource_type == "AWS::EKS::Nodegroup" {
                node_metadata(cfn, id, &p);
            }
        }
        "AWS::ECS::Service" => ecs_service(cfn, logical, id, &p),
        "AWS::AutoScaling::AutoScalingGroup" => {
            let subnets = subnets_in(cfn, p.get("VPCZoneIdentifier"));
            in_subnets(cfn, id, &subnets);
            auto_scaling(cfn, id, &p);
        }
        "AWS::RDS::DBInstance" | "AWS::RDS::DBCluster" => {
            let subnets = subnet_group(cfn, p.get("DBSubnetGroupName"), "SubnetIds");
            in_subnets(cfn, id, &subnets);
        }
        "AWS::ElastiCache::CacheCluster" | "AWS::ElastiCache::ReplicationGroup" => {
            let subnets = subnet_group(cfn, p.get("CacheSubnetGroupName"), "SubnetIds");
            in_subnets(cfn, id, &subnets);
        }
        "AWS::ElastiCache::ServerlessCache" | "AWS::RDS::DBProxy" => {
            let subnets = subnets_in(cfn, p.get("SubnetIds").or_else(|| p.get("VpcSubnetIds")));
            in_subnets(cfn, id, &subnets);
        }
        _ => {}
    }
    // Elasticache and proxies cannot stand outside a VPC: one the template does not place sits in its only VPC.
    if matches!(cfn.b.kind_of(id), Some(K::Elasticache | K::RdsProxy)) && parent_of(cfn, id).is_none() {
        let path = child("$.Resources", logical);
        let vpcs: Vec<Id> =
            cfn.b.diagram.components.iter().filter(|c| c.kind == K::Vpc).map(|c| c.id.clone()).collect();
        let vpc = match vpcs.as_slice() {
            [only] => only.clone(),
            _ => cfn.implied(&path, "VPC (not in this template)", K::Vpc, "the VPC of a resource that must sit in one"),
        };
        set_parent(cfn, id, &vpc);
        cfn.b.report.add(
            Outcome::Approximated,
            &path,
            Some(id),
            format!("its subnets are not resolved by the template: placed in {vpc}"),
        );
    }
}

/// The subnets of a subnet group named by a property.
fn subnet_group(cfn: &Cfn<'_>, value: Option<&Value>, key: &str) -> Vec<Id> {
    let Some(group) = value.and_then(|v| cfn.t.references(v).into_iter().next()) else { return Vec::new() };
    let p = properties(cfn, &group.target);
    subnets_in(cfn, p.get(key))
}

/// An ECS service: in its cluster (the cluster in the VPC of the service's subnets), its subnets, and public when
/// its tasks get public addresses in a public subnet.
fn ecs_service(cfn: &mut Cfn<'_>, logical: &str, id: &Id, p: &Value) {
    let cluster = p.get("Cluster").and_then(|v| cfn.target(v)).filter(|c| cfn.b.kind_of(c) == Some(K::EcsCluster));
    let cluster = match cluster {
        Some(cluster) => cluster,
        None => {
            let path = child("$.Resources", logical);
            cfn.implied(
                &path,
                "ECS cluster",
                K::EcsCluster,
                "the cluster of a service whose Cluster is not in the template (the default cluster)",
            )
        }
    };
    set_parent(cfn, id, &cluster);
    let config = p.get("NetworkConfiguration").and_then(|n| n.get("AwsvpcConfiguration"));
    let subnets = subnets_in(cfn, config.and_then(|c| c.get("Subnets")));
    if let Some(vpc) = vpc_of(cfn, &subnets) {
        if parent_of(cfn, &cluster).is_none() {
            set_parent(cfn, &cluster, &vpc);
        }
        let cluster_vpc = parent_of(cfn, &cluster);
        let own: Vec<Id> = subnets.iter().filter(|s| parent_of(cfn, s) == cluster_vpc).cloned().collect();
        let public_ip =
            config.and_then(|c| c.get("AssignPublicIp")).and_then(|v| cfn.t.text(v)).as_deref() == Some("ENABLED");
        let in_public = own.iter().any(|s| {
            cfn.b.diagram.components.iter().any(|c| &c.id == s && c.properties.exposure == Some(Exposure::Public))
        });
        if let Some(c) = cfn.b.component_mut(id) {
            c.subnets = own;
            if public_ip && in_public {
                c.properties.exposure = Some(Exposure::Public);
            }
        }
    }
}

/// A managed node group's launch template: instance metadata (IMDSv2 required and hop limit).
fn node_metadata(cfn: &mut Cfn<'_>, id: &Id, p: &Value) {
    let Some(template) = p.get("LaunchTemplate").and_then(|v| cfn.t.references(v).into_iter().next()) else { return };
    let lt = properties(cfn, &template.target);
    let options = lt.get("LaunchTemplateData").and_then(|d| d.get("MetadataOptions"));
    if set_instance_metadata(cfn, id, options) {
        cfn.b.report.add(
            Outcome::Approximated,
            &child("$.Resources", &template.target),
            Some(id),
            "HttpTokens optional without a hop limit: drawn with hop limit 2 (IMDSv1 answers pods at any limit)",
        );
    }
    cfn.fold(&template.target, id, "the node group's launch template");
}

/// Sets the component's instance metadata from a launch template's `MetadataOptions` (when it says `HttpTokens`);
/// true when the hop limit was assumed (IMDSv1 on and no limit given: pods reach it at any limit, 2 is drawn).
fn set_instance_metadata(cfn: &mut Cfn<'_>, id: &Id, options: Option<&Value>) -> bool {
    let Some(tokens) = options.and_then(|o| o.get("HttpTokens")).and_then(|v| cfn.t.text(v)) else { return false };
    let hops = options
        .and_then(|o| o.get("HttpPutResponseHopLimit"))
        .and_then(|v| cfn.t.text(v))
        .and_then(|h| h.parse::<u8>().ok())
        .filter(|h| (1..=64).contains(h));
    let imdsv2_required = tokens == "required";
    let metadata = match hops {
        Some(hop_limit) => Some(InstanceMetadata { imdsv2_required, hop_limit }),
        // With IMDSv1 on, pods reach the node's credentials whatever the hop limit: the limit is not needed.
        None if !imdsv2_required => Some(InstanceMetadata { imdsv2_required, hop_limit: 2 }),
        None => None,
    };
    if let Some(c) = cfn.b.component_mut(id)
        && let Some(metadata) = metadata
    {
        c.properties.instance_metadata = Some(metadata);
    }
    hops.is_none() && !imdsv2_required
}

/// An Auto Scaling group's launch configuration or template: its role (through the instance profile), security
/// groups and instance metadata.
fn auto_scaling(cfn: &mut Cfn<'_>, id: &Id, p: &Value) {
    let launch = p
        .get("LaunchConfigurationName")
        .or_else(|| p.get("LaunchTemplate"))
        .and_then(|v| cfn.t.references(v).into_iter().next());
    let Some(launch) = launch else { return };
    let lp = properties(cfn, &launch.target);
    let data = lp.get("LaunchTemplateData").unwrap_or(&lp);
    let profile = data.get("IamInstanceProfile").and_then(|v| cfn.t.references(v).into_iter().next());
    if let Some(profile) = profile {
        let roles = properties(cfn, &profile.target).get("Roles").map(|r| cfn.targets(r)).unwrap_or_default();
        if let Some(role) = roles.into_iter().find(|r| cfn.b.kind_of(r) == Some(K::IamRole)) {
            crate::import::cfn::sam::set_role(cfn, id, &role);
            cfn.fold(&profile.target, &role, "instance profile");
        }
    }
    set_instance_metadata(cfn, id, data.get("MetadataOptions"));
    cfn.fold(&launch.target, id, "its launch configuration");
}

/// Security groups: ingress restricted unless a rule admits anyone; a node's admitted ranges.
fn security(cfn: &mut Cfn<'_>, logical: &str, id: &Id) {
    let Some(kind) = cfn.b.kind_of(id) else { return };
    let allowed = crate::model::catalog::info(kind).properties;
    let takes = allowed.contains(&crate::model::props::PropertyKey::IngressRestricted);
    if !takes {
        return;
    }
    let p = properties(cfn, logical);
    let mut groups = BTreeSet::new();
    for path in [
        &["VpcConfig", "SecurityGroupIds"][..],
        &["SecurityGroups"],
        &["SecurityGroupIds"],
        &["VPCSecurityGroups"],
        &["VpcSecurityGroupIds"],
        &["NetworkConfiguration", "AwsvpcConfiguration", "SecurityGroups"],
        &["RemoteAccess", "SourceSecurityGroups"],
    ] {
        if let Some(value) = path.iter().try_fold(&p, |v, k| v.get(*k)) {
            for reference in cfn.t.references(value) {
                if cfn.type_of(&reference.target) == "AWS::EC2::SecurityGroup" {
                    groups.insert(reference.target);
                }
            }
        }
    }
    // An Auto Scaling group's instances take the groups of its launch configuration or template.
    if let Some(launch) = p
        .get("LaunchConfigurationName")
        .or_else(|| p.get("LaunchTemplate"))
        .and_then(|v| cfn.t.references(v).into_iter().next())
    {
        let lp = properties(cfn, &launch.target);
        let data = lp.get("LaunchTemplateData").unwrap_or(&lp);
        for key in ["SecurityGroups", "SecurityGroupIds"] {
            for reference in data.get(key).map(|v| cfn.t.references(v)).unwrap_or_default() {
                if cfn.type_of(&reference.target) == "AWS::EC2::SecurityGroup" {
                    groups.insert(reference.target);
                }
            }
        }
    }
    if groups.is_empty() {
        return;
    }
    let rules = ingress_rules(cfn);
    let mut cidrs = BTreeSet::new();
    let mut unresolved = false;
    for group in &groups {
        for rule in rules.get(group.as_str()).into_iter().flatten() {
            match rule {
                Some(cidr) => {
                    cidrs.insert(cidr.clone());
                }
                None => unresolved = true,
            }
        }
        cfn.fold(group, id, "its security group");
    }
    let open = cidrs.iter().any(|c| OPEN.contains(&c.as_str()));
    if let Some(c) = cfn.b.component_mut(id) {
        if open {
            c.properties.ingress_restricted = Some(false);
        } else if !unresolved {
            c.properties.ingress_restricted = Some(true);
        }
        if kind == K::Ec2Node && !cidrs.is_empty() {
            c.properties.ingress_cidrs = Some(cidrs.into_iter().collect());
        }
    }
}

/// Every security group's ingress sources: `Some(cidr)`, or `None` for a range the template does not resolve.
/// A rule naming another security group or prefix list admits named sources only and adds nothing.
fn ingress_rules(cfn: &Cfn<'_>) -> BTreeMap<String, Vec<Option<String>>> {
    let mut out: BTreeMap<String, Vec<Option<String>>> = BTreeMap::new();
    // One rule's sources; `CidrIps` is a list of ranges (a Terraform rule).
    let sources = |rule: &Value| -> Vec<Option<String>> {
        if let Some(Value::Array(list)) = rule.get("CidrIps") {
            return list.iter().map(|cidr| cfn.t.text(cidr)).collect();
        }
        rule.get("CidrIp").or_else(|| rule.get("CidrIpv6")).map(|cidr| cfn.t.text(cidr)).into_iter().collect()
    };
    for (logical, resource) in cfn.t.resources {
        let p = resource.get("Properties").unwrap_or(&Value::Null);
        match resource.get("Type").and_then(Value::as_str) {
            Some("AWS::EC2::SecurityGroup") => {
                if let Some(rules) = p.get("SecurityGroupIngress").and_then(Value::as_array) {
                    let entry = out.entry(logical.clone()).or_default();
                    entry.extend(rules.iter().flat_map(sources));
                }
            }
            Some("AWS::EC2::SecurityGroupIngress") => {
                if let Some(group) = p.get("GroupId").and_then(|g| cfn.t.references(g).into_iter().next()) {
                    out.entry(group.target).or_default().extend(sources(p));
                }
            }
            _ => {}
        }
    }
    out
}

/// Which subnets are public: associated with a route table that has a route to an internet gateway.
fn public_subnets(cfn: &mut Cfn<'_>) -> BTreeMap<String, bool> {
    let mut igw_tables = BTreeSet::new();
    let mut associations: Vec<(String, String, String)> = Vec::new();
    for (logical, resource) in cfn.t.resources {
        let p = resource.get("Properties").unwrap_or(&Value::Null);
        match resource.get("Type").and_then(Value::as_str) {
            Some("AWS::EC2::Route") => {
                let to_igw = p.get("GatewayId").is_some_and(|g| {
                    cfn.t.references(g).iter().any(|r| {
                        cfn.t.resources.get(&r.target).and_then(|r| r.get("Type")).and_then(Value::as_str)
                            == Some("AWS::EC2::InternetGateway")
                    }) || cfn.t.text(g).is_some_and(|t| t.starts_with("igw-"))
                });
                if to_igw
                    && let Some(table) = p.get("RouteTableId").and_then(|t| cfn.t.references(t).into_iter().next())
                {
                    igw_tables.insert(table.target);
                }
            }
            Some("AWS::EC2::RouteTable") => {
                // Routes written inside the table (a Terraform route block).
                let to_igw = p.get("Routes").is_some_and(|routes| {
                    cfn.t.references(routes).iter().any(|r| {
                        cfn.t.resources.get(&r.target).and_then(|r| r.get("Type")).and_then(Value::as_str)
                            == Some("AWS::EC2::InternetGateway")
                    })
                });
                if to_igw {
                    igw_tables.insert(logical.clone());
                }
            }
            Some("AWS::EC2::SubnetRouteTableAssociation") => {
                let subnet = p.get("SubnetId").and_then(|s| cfn.t.references(s).into_iter().next());
                let table = p.get("RouteTableId").and_then(|t| cfn.t.references(t).into_iter().next());
                if let (Some(subnet), Some(table)) = (subnet, table) {
                    associations.push((logical.clone(), subnet.target, table.target));
                }
            }
            _ => {}
        }
    }
    let mut out = BTreeMap::new();
    for (association, subnet, table) in associations {
        let public = igw_tables.contains(&table);
        let entry = out.entry(subnet.clone()).or_insert(false);
        *entry |= public;
        if let Some(id) = cfn.components.get(&subnet).cloned() {
            cfn.fold(&association, &id, "route table association");
            cfn.fold(&table, &id, "its route table");
        }
    }
    out
}

/// `AWS::EC2::FlowLog` on a VPC: its flow logs are on.
fn flow_logs(cfn: &mut Cfn<'_>) {
    let mut on = Vec::new();
    for (logical, resource) in cfn.t.resources {
        if resource.get("Type").and_then(Value::as_str) != Some("AWS::EC2::FlowLog") || cfn.skipped.contains(logical) {
            continue;
        }
        let Some(target) = resource.get("Properties").and_then(|p| p.get("ResourceId")).and_then(|v| cfn.target(v))
        else {
            continue;
        };
        on.push((logical.clone(), target));
    }
    for (logical, target) in on {
        if cfn.b.kind_of(&target) == Some(K::Vpc) {
            if let Some(c) = cfn.b.component_mut(&target) {
                c.properties.logging = Some(true);
            }
            cfn.fold(&logical, &target, "flow logs");
        }
    }
}

/// The internet, drawn once, calling every public entry point: CloudFront distributions, API Gateway APIs that are
/// not private, internet-facing load balancers, and code that the template gives a public address.
pub(super) fn internet(cfn: &mut Cfn<'_>) {
    let entries: Vec<(String, Id)> = cfn
        .components
        .iter()
        .filter_map(|(logical, id)| {
            let c = cfn.b.diagram.components.iter().find(|c| &c.id == id)?;
            let public = c.properties.exposure == Some(Exposure::Public);
            let entry = match c.kind {
                K::Cloudfront => true,
                K::ApiGateway => c.properties.exposure != Some(Exposure::Private),
                K::LoadBalancer => public,
                kind => kind.runs_code() && public,
            };
            entry.then(|| (logical.clone(), id.clone()))
        })
        .collect();
    let implicit_apis: Vec<Id> =
        cfn.implicit.values().filter(|id| cfn.b.kind_of(id) == Some(K::ApiGateway)).cloned().collect();
    if entries.is_empty() && implicit_apis.is_empty() {
        return;
    }
    let internet = cfn.implied("$.Resources", "Internet", K::Internet, "callers of the public entry points");
    for (logical, id) in entries {
        cfn.link(&child("$.Resources", &logical), "from the internet", &internet, &id, false);
    }
    for id in implicit_apis {
        cfn.link("$.Resources", "from the internet", &internet, &id, false);
    }
}
