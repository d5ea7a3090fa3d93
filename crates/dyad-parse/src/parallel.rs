//! Training several models at once, one a core.

/// `train(item)` for every item, a chunk of as many as there are cores at a
/// time, results in the items' order: each training is deterministic on
/// its own, so what comes back does not depend on the thread count.
/// `done` hears of each chunk finished (results so far, items in all).
pub(crate) fn train_each<I: Sync, T: Send>(
    items: &[I],
    train: impl Fn(&I) -> T + Sync,
    done: &mut dyn FnMut(&[T], usize),
) -> Vec<T> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut out = Vec::with_capacity(items.len());
    for chunk in items.chunks(threads) {
        let trained: Vec<T> = std::thread::scope(|scope| {
            let train = &train;
            let handles: Vec<_> = chunk
                .iter()
                .map(|item| scope.spawn(move || train(item)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("a model's training does not panic"))
                .collect()
        });
        out.extend(trained);
        done(&out, items.len());
    }
    out
}

/// The seeds of the `mix` models averaged into one: the first is `seed`
/// itself, so that mixing one model changes nothing.
pub(crate) fn mix_seeds(seed: u64, mix: usize) -> Vec<u64> {
    (0..mix.max(1) as u64)
        .map(|j| seed + 1_000_003 * j)
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_come_back_in_the_items_order() {
        let items: Vec<u64> = (0..7).collect();
        let mut chunks = 0;
        let out = super::train_each(&items, |&i| i * 10, &mut |_, _| chunks += 1);
        assert_eq!(out, vec![0, 10, 20, 30, 40, 50, 60]);
        assert!(chunks >= 1);
    }
}
