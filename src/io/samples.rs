//! The sample diagrams in `samples/`, compiled into the binary so every build (the browser one too) can open them.

use crate::io::load_str;
use crate::model::Model;
use crate::model::problem::Problem;

/// One bundled sample.
#[derive(Clone, Copy, Debug)]
pub struct Sample {
    /// File name in `samples/`.
    pub file: &'static str,
    /// Menu title.
    pub title: &'static str,
    /// The file's text.
    pub json: &'static str,
}

impl Sample {
    /// Loads the sample.
    pub fn model(&self) -> Result<Model, Vec<Problem>> {
        load_str(self.json)
    }
}

/// The file's text: as it is in `samples/`, or for the browser build without its indentation (`build.rs`, for a
/// smaller download; the same JSON).
#[cfg(not(target_arch = "wasm32"))]
macro_rules! sample_text {
    ($file:literal) => {
        include_str!(concat!("../../samples/", $file))
    };
}
#[cfg(target_arch = "wasm32")]
macro_rules! sample_text {
    ($file:literal) => {
        include_str!(concat!(env!("OUT_DIR"), "/samples/", $file))
    };
}

macro_rules! sample {
    ($file:literal, $title:literal) => {
        Sample { file: $file, title: $title, json: sample_text!($file) }
    };
}

static SAMPLES: &[Sample] = &[
    sample!("shop-eks-ec2.json", "Web shop on EKS with EC2 worker nodes"),
    sample!("shop-eks-fargate.json", "Web shop on EKS Fargate"),
    sample!("shop-lambda.json", "Web shop on Lambda (serverless)"),
    sample!("shop-ecs.json", "Web shop on ECS behind CloudFront"),
    sample!("pattern-sync-rest.json", "Pattern: synchronous REST between contexts"),
    sample!("pattern-queue.json", "Pattern: message queue between contexts"),
    sample!("pattern-events.json", "Pattern: event bus between contexts"),
    sample!("enterprise.json", "Enterprise: three accounts, on-premises VPN, six contexts"),
    sample!("zero-trust-shop.json", "Zero-trust web shop on EKS (EC2 nodes)"),
];

/// Every sample, in menu order. The first is the one the app opens by default.
pub fn all() -> &'static [Sample] {
    SAMPLES
}

/// The sample with this file name (with or without `.json`).
pub fn find(name: &str) -> Option<&'static Sample> {
    SAMPLES.iter().find(|s| s.file == name || s.file.strip_suffix(".json") == Some(name))
}
