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

/// Declares the samples, in menu order: native builds include each file of `samples/` as it is; the browser build
/// reads them from one deflated text that `build.rs` writes (all samples without indentation, 118 KB of JSON in about
/// 16 KB of the download), inflated once when first asked for.
macro_rules! samples {
    ($( $file:literal => $title:literal ),+ $(,)?) => {
        #[cfg(not(target_arch = "wasm32"))]
        static SAMPLES: &[Sample] =
            &[ $( Sample { file: $file, title: $title, json: include_str!(concat!("../../samples/", $file)) } ),+ ];

        #[cfg(target_arch = "wasm32")]
        const LIST: &[(&str, &str)] = &[ $( ($file, $title) ),+ ];
    };
}

samples! {
    "shop-eks-ec2.json" => "Web shop on EKS with EC2 worker nodes",
    "shop-eks-fargate.json" => "Web shop on EKS Fargate",
    "shop-lambda.json" => "Web shop on Lambda (serverless)",
    "shop-ecs.json" => "Web shop on ECS behind CloudFront",
    "pattern-sync-rest.json" => "Pattern: synchronous REST between contexts",
    "pattern-queue.json" => "Pattern: message queue between contexts",
    "pattern-events.json" => "Pattern: event bus between contexts",
    "enterprise.json" => "Enterprise: three accounts, on-premises VPN, six contexts",
    "zero-trust-shop.json" => "Zero-trust web shop on EKS (EC2 nodes)",
}

/// Every sample, in menu order. The first is the one the app opens by default.
#[cfg(not(target_arch = "wasm32"))]
pub fn all() -> &'static [Sample] {
    SAMPLES
}

/// Every sample, in menu order. The first is the one the app opens by default.
#[cfg(target_arch = "wasm32")]
pub fn all() -> &'static [Sample] {
    /// `PACKED`, the samples' texts one after the other, deflated; `PACKED_FILES`, each file's name and length in
    /// bytes, in that order (written by `build.rs`).
    mod packed {
        include!(concat!(env!("OUT_DIR"), "/samples_packed.rs"));
    }
    static SAMPLES: std::sync::OnceLock<Vec<Sample>> = std::sync::OnceLock::new();
    SAMPLES.get_or_init(|| {
        let texts = unpack(packed::PACKED, packed::PACKED_FILES);
        LIST.iter()
            .map(|&(file, title)| {
                let json = texts.iter().find(|(name, _)| *name == file).map_or("", |(_, text)| *text);
                Sample { file, title, json }
            })
            .collect()
    })
}

/// The texts of `files` (name and length in bytes, in order) from `deflated`, their concatenation; kept for the
/// rest of the run (the samples are static data). An empty list if the data does not inflate to exactly those
/// lengths of UTF-8 (`build.rs` wrote it, so it does).
#[cfg(any(target_arch = "wasm32", test))]
fn unpack(deflated: &[u8], files: &[(&'static str, usize)]) -> Vec<(&'static str, &'static str)> {
    let total: usize = files.iter().map(|(_, len)| len).sum();
    let Ok(bytes) = miniz_oxide::inflate::decompress_to_vec_with_limit(deflated, total) else { return Vec::new() };
    let Ok(text) = String::from_utf8(bytes) else { return Vec::new() };
    if text.len() != total {
        return Vec::new();
    }
    let mut rest: &'static str = text.leak();
    let mut texts = Vec::with_capacity(files.len());
    for &(name, len) in files {
        let Some((here, after)) = rest.split_at_checked(len) else { return Vec::new() };
        texts.push((name, here));
        rest = after;
    }
    texts
}

/// The sample with this file name (with or without `.json`).
pub fn find(name: &str) -> Option<&'static Sample> {
    all().iter().find(|s| s.file == name || s.file.strip_suffix(".json") == Some(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unpacks_texts_deflated_one_after_the_other() {
        let deflated = miniz_oxide::deflate::compress_to_vec("{\"a\":1}{\"b\":\"\u{e9}\"}".as_bytes(), 10);
        let texts = unpack(&deflated, &[("a.json", 7), ("b.json", 10)]);
        assert_eq!(texts, [("a.json", "{\"a\":1}"), ("b.json", "{\"b\":\"\u{e9}\"}")]);
        // Lengths that do not add up, or cut a character in two, give nothing rather than wrong texts.
        assert!(unpack(&deflated, &[("a.json", 7), ("b.json", 9)]).is_empty());
        assert!(unpack(&deflated, &[("a.json", 14), ("b.json", 3)]).is_empty());
        assert!(unpack(b"not deflate", &[("a.json", 7)]).is_empty());
    }

    #[test]
    fn every_sample_has_its_text() {
        assert_eq!(all().len(), 9);
        for sample in all() {
            assert!(sample.model().is_ok(), "{}", sample.file);
            assert_eq!(find(sample.file).map(|s| s.json), Some(sample.json));
        }
    }
}
