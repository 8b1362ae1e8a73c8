//! Work spread over the machine's cores, with results in input order so that output stays
//! byte-identical whatever the number of cores.

use std::num::NonZeroUsize;

/// `items.iter().map(work).collect()`, the items cut into one contiguous chunk per core, each
/// chunk at least `smallest_chunk` long (below some size a thread costs more than it saves).
pub fn map_in_order<T: Sync, U: Send>(
    items: &[T],
    smallest_chunk: usize,
    work: impl Fn(&T) -> U + Sync,
) -> Vec<U> {
    let cores = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    let chunk = items.len().div_ceil(cores).max(smallest_chunk).max(1);
    if items.len() <= chunk {
        return items.iter().map(work).collect();
    }
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|chunk| scope.spawn(move || chunk.iter().map(work).collect::<Vec<U>>()))
            .collect();
        let mut results = Vec::with_capacity(items.len());
        for handle in handles {
            match handle.join() {
                Ok(chunk_results) => results.extend(chunk_results),
                // A panic in `work` is a bug: let it surface as it would have without threads.
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        results
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_input_order() {
        for length in [0, 1, 2, 3, 31, 32, 33, 1000, 1001] {
            for smallest_chunk in [0, 1, 32] {
                let items: Vec<usize> = (0..length).collect();
                let doubled = map_in_order(&items, smallest_chunk, |item| item * 2);
                assert_eq!(doubled, items.iter().map(|item| item * 2).collect::<Vec<_>>());
            }
        }
    }
}
