//! Work spread over the machine's cores, with results in input order so that output stays
//! byte-identical whatever the number of cores.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::TrySendError;

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

/// `items.iter().map(work).collect()`, each item taken by whichever core is free next: for few
/// items of very different cost (lint rules), where equal chunks would leave one core idle
/// while the other works through the costly ones.
pub fn map_each_in_order<T: Sync, U: Send>(items: &[T], work: impl Fn(&T) -> U + Sync) -> Vec<U> {
    let cores = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    if cores == 1 || items.len() < 2 {
        return items.iter().map(work).collect();
    }
    let next = AtomicUsize::new(0);
    let take_items = || {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(index) else { return done };
            done.push((index, work(item)));
        }
    };
    std::thread::scope(|scope| {
        let helpers: Vec<_> =
            (1..cores.min(items.len())).map(|_| scope.spawn(take_items)).collect();
        let mut done = take_items();
        for helper in helpers {
            match helper.join() {
                Ok(helper_done) => done.extend(helper_done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        done.sort_unstable_by_key(|(index, _)| *index);
        done.into_iter().map(|(_, result)| result).collect()
    })
}

/// Runs `produce`, which hands items one by one to the function it is given, and `convert`s
/// them in batches of `batch` as they come: on a second thread, or on the producing thread
/// itself when `queued` batches already wait for the second, so that both cores stay busy
/// whichever of producing and converting is slower. Returns what `produce` returned and the
/// converted items in the order they were produced, whichever thread converted them.
pub fn convert_while_producing<I: Send, O: Send, R>(
    batch: usize,
    queued: usize,
    produce: impl FnOnce(&mut dyn FnMut(I)) -> R,
    convert: impl Fn(I) -> O + Sync,
) -> (R, Vec<O>) {
    let batch = batch.max(1);
    let convert_batch = |items: Vec<I>| -> Vec<O> { items.into_iter().map(&convert).collect() };
    std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel::<(usize, Vec<I>)>(queued);
        let converting = scope.spawn(|| {
            receive.into_iter().map(|(number, items)| (number, convert_batch(items))).collect()
        });
        let mut converted_here = Vec::new();
        let mut hand_over = |number: usize, items: Vec<I>| {
            // (A converter gone away has panicked, which `join` below reports.)
            if let Err(TrySendError::Full((number, items))) = send.try_send((number, items)) {
                converted_here.push((number, convert_batch(items)));
            }
        };
        let mut items = Vec::with_capacity(batch);
        let mut batches = 0;
        let returned = produce(&mut |item| {
            items.push(item);
            if items.len() == batch {
                hand_over(batches, std::mem::replace(&mut items, Vec::with_capacity(batch)));
                batches += 1;
            }
        });
        hand_over(batches, items);
        drop(send);
        let mut converted: Vec<(usize, Vec<O>)> = match converting.join() {
            Ok(converted) => converted,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        converted.append(&mut converted_here);
        converted.sort_unstable_by_key(|(number, _)| *number);
        (returned, converted.into_iter().flat_map(|(_, items)| items).collect())
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

    #[test]
    fn items_taken_one_by_one_keep_the_input_order() {
        for length in [0, 1, 2, 3, 25, 1000] {
            let items: Vec<u64> = (0..length).collect();
            // Uneven costs, so that the threads finish their items out of order.
            let work = |item: &u64| (0..(item % 7) * 1000).fold(*item, |sum, step| sum ^ step);
            let expected: Vec<u64> = items.iter().map(work).collect();
            assert_eq!(map_each_in_order(&items, work), expected);
        }
    }

    #[test]
    fn items_converted_on_either_thread_keep_the_order_they_were_produced_in() {
        for (count, batch, queued) in
            [(0, 4, 0), (1, 4, 0), (1000, 1, 0), (1000, 7, 0), (1000, 7, 2)]
        {
            let (returned, converted) = convert_while_producing(
                batch,
                queued,
                |sink| {
                    for item in 0..count {
                        sink(item);
                    }
                    "produced"
                },
                // Slow enough that the producer often finds the queue full and converts itself.
                |item: u64| (0..500).fold(item, |sum, _| std::hint::black_box(sum)) * 3,
            );
            assert_eq!(returned, "produced");
            assert_eq!(converted, (0..count).map(|item| item * 3).collect::<Vec<_>>());
        }
    }
}
