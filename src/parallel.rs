//! Work spread over the machine's cores, with results in input order so that output stays
//! byte-identical whatever the number of cores.
//!
//! The work runs on one pool of threads, one per core, that lives as long as the process
//! (rayon's global pool, `RAYON_NUM_THREADS` to change its size): the thread that parsed a
//! file is still there to build that file's apps ([`map_each_near`]), so that what it frees
//! goes back to its own heap, where the allocator reuses it for the texts it writes next.
//! Threads spawned for each step and gone after it left their memory stranded: 14 MiB more
//! at the peak of a 10,000-app build, and a sixth more time spent freeing across threads.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::TrySendError;

/// How many threads share the work.
fn workers() -> usize {
    rayon::current_num_threads().max(1)
}

/// The length of [`map_in_order`]'s chunks.
fn chunk_length(items: usize, smallest_chunk: usize) -> usize {
    items.div_ceil(workers()).max(smallest_chunk).max(1)
}

/// The thread [`map_in_order`] gives item `index` of `items` to (0 when it runs them all on
/// the calling thread): what [`map_each_near`] calls an item's home.
pub fn worker_of(index: usize, items: usize, smallest_chunk: usize) -> usize {
    let chunk = chunk_length(items, smallest_chunk);
    if items <= chunk { 0 } else { index / chunk }
}

/// `items.iter().map(work).collect()`, the items cut into one contiguous chunk per thread of
/// the pool, chunk `k` on thread `k`, each chunk at least `smallest_chunk` long (below some
/// size a thread costs more than it saves).
pub fn map_in_order<T: Sync, U: Send>(
    items: &[T],
    smallest_chunk: usize,
    work: impl Fn(&T) -> U + Sync,
) -> Vec<U> {
    let chunk = chunk_length(items.len(), smallest_chunk);
    if items.len() <= chunk {
        return items.iter().map(work).collect();
    }
    // Results come back in thread order, which is chunk order.
    let chunks: Vec<Vec<U>> = rayon::broadcast(|context| {
        let start = (context.index() * chunk).min(items.len());
        let end = (start + chunk).min(items.len());
        items[start..end].iter().map(&work).collect()
    });
    chunks.into_iter().flatten().collect()
}

/// `items.iter().map(work).collect()`, each item taken by whichever thread is free next: for
/// few items of very different cost (lint rules), where equal chunks would leave one core idle
/// while the other works through the costly ones.
pub fn map_each_in_order<T: Sync, U: Send>(items: &[T], work: impl Fn(&T) -> U + Sync) -> Vec<U> {
    map_each_near(items, |_| 0, work)
}

/// `items.iter().map(work).collect()`, each item done by its `home` thread (see
/// [`worker_of`]) while that thread has any left, and by whichever thread is free once its
/// own are done: near the memory its home made for it, and still with no core idle while
/// work is left.
pub fn map_each_near<T: Sync, U: Send>(
    items: &[T],
    home: impl Fn(&T) -> usize,
    work: impl Fn(&T) -> U + Sync,
) -> Vec<U> {
    let workers = workers();
    if workers == 1 || items.len() < 2 {
        return items.iter().map(work).collect();
    }
    let mut queues: Vec<Vec<usize>> = vec![Vec::new(); workers];
    for (index, item) in items.iter().enumerate() {
        queues[home(item) % workers].push(index);
    }
    let taken: Vec<AtomicUsize> = queues.iter().map(|_| AtomicUsize::new(0)).collect();
    let done: Vec<Vec<(usize, U)>> = rayon::broadcast(|context| {
        let mut done = Vec::new();
        // Its own queue first, then the others', each from where it stands.
        for queue in (0..workers).map(|offset| (context.index() + offset) % workers) {
            loop {
                let next = taken[queue].fetch_add(1, Ordering::Relaxed);
                let Some(&index) = queues[queue].get(next) else { break };
                done.push((index, work(&items[index])));
            }
        }
        done
    });
    let mut done: Vec<(usize, U)> = done.into_iter().flatten().collect();
    done.sort_unstable_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, result)| result).collect()
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

    /// `worker_of` names the thread `map_in_order` runs an item on: the home an app's file
    /// gives it in `map_each_near`.
    #[test]
    fn items_run_on_the_thread_worker_of_names() {
        for length in [1, 2, 3, 101, 1000] {
            let items: Vec<usize> = (0..length).collect();
            let threads = map_in_order(&items, 1, |_| rayon::current_thread_index());
            for (index, thread) in threads.into_iter().enumerate() {
                // The calling thread, not one of the pool, when one chunk holds every item.
                let expected =
                    (length > chunk_length(length, 1)).then(|| worker_of(index, length, 1));
                assert_eq!(thread, expected, "item {index} of {length}");
            }
        }
    }

    #[test]
    fn items_done_near_their_home_keep_the_input_order() {
        let homes: [fn(&usize) -> usize; 4] =
            [|_| 0, |item| item % 3, |item| item / 100, |_| usize::MAX];
        for length in [0, 1, 2, 3, 25, 1000] {
            for home in homes {
                let items: Vec<usize> = (0..length).collect();
                let work =
                    |item: &usize| (0..(item % 7) * 1000).fold(*item, |sum, step| sum ^ step);
                let expected: Vec<usize> = items.iter().map(work).collect();
                assert_eq!(map_each_near(&items, home, work), expected);
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
