//! Timing for the bench binaries: the median of repeated runs after one warm-up run.

use std::hint::black_box;
use std::time::{Duration, Instant};

pub fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// The median time of `runs` calls of `f`, after one warm-up call.
pub fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    let _warm = black_box(f());
    median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                black_box(f());
                start.elapsed()
            })
            .collect(),
    )
}
