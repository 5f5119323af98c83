//! The CLI's memory allocator: small blocks in size classes, one heap per thread, no locks.
//!
//! A generation is a short burst of many small allocations: on postman_echo about 4,200
//! `malloc`s and as many `free`s, which took a quarter of all instructions in glibc's allocator
//! (its tcache holds 7 blocks per size, so most calls reached `_int_malloc` and `_int_free`).
//! Here a block of up to [`SMALL`] bytes (alignment up to [`GRAIN`]) is rounded up to a multiple
//! of [`GRAIN`] and taken from that size's free list, or else cut from the thread's current
//! chunk of [`CHUNK`] bytes, which comes from the system allocator. Freeing pushes the block onto
//! the free list of the thread that frees it. Larger or more aligned blocks go to the system
//! allocator directly.
//!
//! A thread that is done allocating hands its free lists to a shared pool with
//! [`retire_thread`] (the generator's emission threads do, as they finish), and the next thread
//! that needs a new chunk takes over the pooled lists first: repeated generations in one process
//! reuse the blocks of the threads before them.
//!
//! What this gives up, acceptable for a generator: freed small blocks are only reused for the
//! same size class, never merged or returned to the system, so memory is not given back until
//! the process ends; a thread that ends without retiring keeps its free lists to itself.
//!
//! Measured on the 9 shared collections, against glibc's allocator: 20–28 % fewer instructions
//! and the same peak RSS (see the README's performance section). General-purpose allocators
//! measured in its place did no better than glibc here: mimalloc, rlsf's TLSF and talc.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::{Cell, UnsafeCell};
use std::ptr;
use std::sync::atomic::{AtomicBool, Ordering};

/// Size classes are multiples of this many bytes, which is also their alignment.
pub const GRAIN: usize = 16;
/// The largest block served from the size classes.
pub const SMALL: usize = 1024;
/// Bytes taken from the system allocator at a time for a thread's small blocks: below glibc's
/// `mmap` threshold, so chunks come from its heap and reuse memory that larger blocks freed.
pub const CHUNK: usize = 64 * 1024;

const CLASSES: usize = SMALL / GRAIN;

/// One thread's small blocks: a free list per size class (each free block holds the address
/// of the next; `last` is the list's last block whenever the list is not empty) and the unused
/// rest of its current chunk.
struct Heap {
    free: [Cell<*mut u8>; CLASSES],
    last: [Cell<*mut u8>; CLASSES],
    next: Cell<*mut u8>,
    end: Cell<*mut u8>,
    /// Set by [`retire_thread`]: what the thread frees from then on (its thread-local values
    /// as it ends, say) goes straight to the pool.
    retired: Cell<bool>,
}

thread_local! {
    // Constant-initialized and without a destructor: reaching it never allocates.
    static HEAP: Heap = const {
        Heap {
            free: [const { Cell::new(ptr::null_mut()) }; CLASSES],
            last: [const { Cell::new(ptr::null_mut()) }; CLASSES],
            next: Cell::new(ptr::null_mut()),
            end: Cell::new(ptr::null_mut()),
            retired: Cell::new(false),
        }
    };
}

/// Free lists given up by retired threads, taken whole by the next thread that needs a chunk.
struct Pool {
    lock: AtomicBool,
    /// Whether a pooled list may be non-empty: read without the lock, so that a thread that
    /// needs a chunk only takes the lock when there is something to take.
    stocked: AtomicBool,
    lists: UnsafeCell<[(*mut u8, *mut u8); CLASSES]>,
    /// The unused rests of retired threads' chunks (start, end), taken before a new chunk is.
    rests: UnsafeCell<[(*mut u8, *mut u8); RESTS]>,
}

/// How many chunk rests the pool keeps; a rest that finds no room is cut into blocks instead.
const RESTS: usize = 8;

// SAFETY: `lists` and `rests` are only touched with `lock` held.
unsafe impl Sync for Pool {}

static POOL: Pool = Pool {
    lock: AtomicBool::new(false),
    stocked: AtomicBool::new(false),
    lists: UnsafeCell::new([(ptr::null_mut(), ptr::null_mut()); CLASSES]),
    rests: UnsafeCell::new([(ptr::null_mut(), ptr::null_mut()); RESTS]),
};

impl Pool {
    /// Runs `f` on the lists with the lock held. Retiring and taking are rare (once per size
    /// and thread), so a spin lock is enough.
    fn with<R>(&self, f: impl FnOnce(&mut [(*mut u8, *mut u8); CLASSES]) -> R) -> R {
        self.locked(|lists, _| f(lists))
    }

    fn locked<R>(
        &self,
        f: impl FnOnce(&mut [(*mut u8, *mut u8); CLASSES], &mut [(*mut u8, *mut u8); RESTS]) -> R,
    ) -> R {
        while self.lock.compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed).is_err() {
            std::hint::spin_loop();
        }
        // SAFETY: the lock is held, so nothing else reaches the lists or the rests.
        let result = f(unsafe { &mut *self.lists.get() }, unsafe { &mut *self.rests.get() });
        self.lock.store(false, Ordering::Release);
        result
    }

    /// A chunk rest a retired thread left, if there is one.
    fn take_rest(&self) -> Option<(*mut u8, *mut u8)> {
        self.locked(|_, rests| {
            let slot = rests.iter_mut().find(|rest| !rest.0.is_null())?;
            Some(std::mem::replace(slot, (ptr::null_mut(), ptr::null_mut())))
        })
    }

    /// Keeps a chunk rest for the next thread that needs a chunk; false when there is no room.
    fn keep_rest(&self, rest: (*mut u8, *mut u8)) -> bool {
        self.locked(|_, rests| match rests.iter_mut().find(|slot| slot.0.is_null()) {
            Some(slot) => {
                *slot = rest;
                true
            }
            None => false,
        })
    }

    /// Puts one block of `class` on the pool's list.
    ///
    /// # Safety
    /// As for [`Heap::give`].
    unsafe fn give(&self, block: *mut u8, class: usize) {
        self.with(|lists| {
            let (head, last) = lists[class];
            // SAFETY: the block is unused, aligned and large enough for an address.
            unsafe { block.cast::<*mut u8>().write(head) };
            lists[class] = (block, if head.is_null() { block } else { last });
            self.stocked.store(true, Ordering::Relaxed);
        });
    }
}

/// Gives the calling thread's free blocks, and the rest of its chunk, to the pool that other
/// threads take from. For a thread that is about to end: the small blocks it allocates from then
/// on come from the system allocator, and those it frees go to the pool. Without
/// [`SizeClasses`] installed, nothing is done.
pub fn retire_thread() {
    let _ = HEAP.try_with(|heap| {
        heap.retired.set(true);
        let rest = (heap.next.get(), heap.end.get());
        if (rest.1 as usize) - (rest.0 as usize) >= SMALL && POOL.keep_rest(rest) {
            heap.next.set(ptr::null_mut());
            heap.end.set(ptr::null_mut());
        }
        // SAFETY: the thread is done with its chunk.
        unsafe { heap.give_rest() };
        if heap.free.iter().all(|head| head.get().is_null()) {
            return;
        }
        POOL.with(|lists| {
            for (class, pooled) in lists.iter_mut().enumerate() {
                let head = heap.free[class].replace(ptr::null_mut());
                if head.is_null() {
                    continue;
                }
                let own_last = heap.last[class].get();
                // SAFETY: `own_last` is the last block of this non-empty list; linking it to the
                // pooled list joins the two.
                unsafe { own_last.cast::<*mut u8>().write(pooled.0) };
                *pooled = (head, if pooled.0.is_null() { own_last } else { pooled.1 });
                POOL.stocked.store(true, Ordering::Relaxed);
            }
        });
    });
}

/// The size-class allocator, installed with `#[global_allocator]` by the CLI.
#[derive(Debug, Default, Clone, Copy)]
pub struct SizeClasses;

/// The size class of a layout served from the classes, if it is one.
fn class(layout: Layout) -> Option<usize> {
    (layout.size() <= SMALL && layout.align() <= GRAIN).then(|| layout.size().max(1).div_ceil(GRAIN) - 1)
}

const fn block_size(class: usize) -> usize {
    (class + 1) * GRAIN
}

impl Heap {
    /// A block of `class`, or null when the system allocator has no memory left.
    ///
    /// # Safety
    /// Every block on the free lists is a block of its class that nothing else uses.
    unsafe fn take(&self, class: usize) -> *mut u8 {
        let head = self.pop(class);
        if !head.is_null() {
            return head;
        }
        let size = block_size(class);
        let next = self.next.get();
        if (self.end.get() as usize) - (next as usize) < size {
            return unsafe { self.refill(class) };
        }
        // SAFETY: `size` bytes from `next` are inside the current chunk.
        self.next.set(unsafe { next.add(size) });
        next
    }

    /// A block of `class` when its list is empty and the chunk is used up: from the lists that
    /// retired threads pooled (all of which this heap takes over), or else cut from a new chunk
    /// (a retired thread's rest, or new memory from the system allocator). What is left of the
    /// old chunk goes on the free lists.
    #[cold]
    unsafe fn refill(&self, class: usize) -> *mut u8 {
        // A retired thread takes nothing: what it took would end with it; its few last blocks
        // come from the system allocator.
        if self.retired.get() {
            return ptr::null_mut();
        }
        if POOL.stocked.load(Ordering::Relaxed) {
            self.adopt();
            let head = self.pop(class);
            if !head.is_null() {
                return head;
            }
        }
        let size = block_size(class);
        let (start, end) = match POOL.take_rest() {
            Some(rest) => rest,
            None => {
                // SAFETY: the layout has a nonzero size and a power-of-two alignment.
                let chunk = unsafe { System.alloc(Layout::from_size_align_unchecked(CHUNK, GRAIN)) };
                if chunk.is_null() {
                    return chunk;
                }
                // SAFETY: the chunk is `CHUNK` bytes long.
                (chunk, unsafe { chunk.add(CHUNK) })
            }
        };
        // SAFETY: the old chunk is done with.
        unsafe { self.give_rest() };
        // SAFETY: a new chunk or a kept rest holds at least `SMALL` ≥ `size` bytes.
        self.next.set(unsafe { start.add(size) });
        self.end.set(end);
        start
    }

    /// Puts the unused rest of the current chunk on the free lists, as blocks of the largest
    /// class, and leaves the heap without a chunk.
    ///
    /// # Safety
    /// Nothing uses the rest of the chunk (from `next` to `end`).
    unsafe fn give_rest(&self) {
        let (mut at, end) = (self.next.get(), self.end.get());
        while (end as usize) - (at as usize) >= GRAIN {
            let size = ((end as usize) - (at as usize)).min(SMALL);
            // SAFETY: `size` bytes from `at` are unused, inside the chunk and `GRAIN`-aligned.
            unsafe {
                self.give(at, size / GRAIN - 1);
                at = at.add(size);
            }
        }
        self.next.set(ptr::null_mut());
        self.end.set(ptr::null_mut());
    }

    /// Takes over every list in the pool, each put in front of this heap's list of its class.
    fn adopt(&self) {
        POOL.with(|lists| {
            POOL.stocked.store(false, Ordering::Relaxed);
            for (class, pooled) in lists.iter_mut().enumerate() {
                let (head, last) = std::mem::replace(pooled, (ptr::null_mut(), ptr::null_mut()));
                if head.is_null() {
                    continue;
                }
                let own = self.free[class].get();
                if own.is_null() {
                    self.last[class].set(last);
                } else {
                    // SAFETY: `last` ends the pooled list; linking it to this heap's list joins
                    // the two.
                    unsafe { last.cast::<*mut u8>().write(own) };
                }
                self.free[class].set(head);
            }
        });
    }

    /// The first block of `class`'s free list, taken off it; null when the list is empty.
    #[inline(always)]
    fn pop(&self, class: usize) -> *mut u8 {
        let head = self.free[class].get();
        if !head.is_null() {
            // SAFETY: a free block holds the address of the next one in its first bytes.
            self.free[class].set(unsafe { head.cast::<*mut u8>().read() });
        }
        head
    }

    /// Puts a freed block on its class's free list, unless the thread is retired (false).
    ///
    /// # Safety
    /// As for [`Heap::give`].
    #[inline(always)]
    unsafe fn free(&self, block: *mut u8, class: usize) -> bool {
        if self.retired.get() {
            return false;
        }
        unsafe { self.give(block, class) };
        true
    }

    /// Puts a block on its class's free list.
    ///
    /// # Safety
    /// `block` is a block of `class` (at least its size, `GRAIN`-aligned) that nothing uses.
    unsafe fn give(&self, block: *mut u8, class: usize) {
        let head = self.free[class].get();
        if head.is_null() {
            self.last[class].set(block);
        }
        // SAFETY: the block is unused, aligned and large enough for an address.
        unsafe { block.cast::<*mut u8>().write(head) };
        self.free[class].set(block);
    }
}

/// A block freed by a retired thread (or one whose heap is gone): to the pool.
#[cold]
#[inline(never)]
unsafe fn pool_block(block: *mut u8, class: usize) {
    unsafe { POOL.give(block, class) };
}

/// A small block for a retired thread, or when the chunk for a new one could not be had (the
/// system allocator then likely fails too).
#[cold]
#[inline(never)]
unsafe fn orphan_block(class: usize) -> *mut u8 {
    // SAFETY: nonzero size, power-of-two alignment.
    unsafe { System.alloc(Layout::from_size_align_unchecked(block_size(class), GRAIN)) }
}

// SAFETY: every small block handed out is `block_size(class)` bytes, `GRAIN`-aligned and used by
// nothing else until it is freed; blocks move between threads only through `alloc` and
// `dealloc`, and each heap is touched only by its own thread. Other layouts go to `System`,
// decided by the layout alone, which `dealloc` and `realloc` receive unchanged.
unsafe impl GlobalAlloc for SizeClasses {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match class(layout) {
            Some(class) => {
                let block = HEAP.try_with(|heap| unsafe { heap.take(class) }).unwrap_or(ptr::null_mut());
                if block.is_null() { unsafe { orphan_block(class) } } else { block }
            }
            None => unsafe { System.alloc(layout) },
        }
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        match class(layout) {
            Some(class) => {
                if !HEAP.try_with(|heap| unsafe { heap.free(block, class) }).unwrap_or(false) {
                    unsafe { pool_block(block, class) };
                }
            }
            None => unsafe { System.dealloc(block, layout) },
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if class(layout).is_none() {
            return unsafe { System.alloc_zeroed(layout) };
        }
        let block = unsafe { self.alloc(layout) };
        if !block.is_null() {
            unsafe { block.write_bytes(0, layout.size()) };
        }
        block
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller guarantees `new_size`, rounded up to the alignment, does not overflow.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        match (class(layout), class(new_layout)) {
            (Some(old), Some(new)) if old == new => block,
            (None, None) => unsafe { System.realloc(block, layout, new_size) },
            _ => {
                let moved = unsafe { self.alloc(new_layout) };
                if !moved.is_null() {
                    unsafe {
                        ptr::copy_nonoverlapping(block, moved, layout.size().min(new_size));
                        self.dealloc(block, layout);
                    }
                }
                moved
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A live block and the byte it was filled with.
    struct Live {
        block: *mut u8,
        layout: Layout,
        fill: u8,
    }

    fn check(live: &Live) {
        let bytes = unsafe { std::slice::from_raw_parts(live.block, live.layout.size()) };
        assert!(bytes.iter().all(|&b| b == live.fill), "a block was overwritten: {:?}", live.layout);
        assert_eq!(live.block as usize % live.layout.align(), 0, "misaligned: {:?}", live.layout);
    }

    fn fill(live: &Live) {
        unsafe { live.block.write_bytes(live.fill, live.layout.size()) };
    }

    #[derive(Debug, Clone)]
    enum Step {
        Alloc { size: usize, align_log: u32, zeroed: bool },
        Free(usize),
        Realloc(usize, usize),
    }

    fn step() -> impl Strategy<Value = Step> {
        let size = prop_oneof![4 => 1usize..=48, 4 => 1usize..=SMALL + 64, 1 => 1usize..=4 * SMALL];
        prop_oneof![
            3 => (size.clone(), 0u32..=6, any::<bool>()).prop_map(|(size, align_log, zeroed)| Step::Alloc { size, align_log, zeroed }),
            2 => any::<usize>().prop_map(Step::Free),
            2 => (any::<usize>(), size).prop_map(|(at, size)| Step::Realloc(at, size)),
        ]
    }

    /// Runs the steps, keeping every live block filled with its own byte and checking that no
    /// other allocation ever changes it.
    fn run(steps: &[Step]) {
        let mut live: Vec<Live> = Vec::new();
        for (n, step) in steps.iter().enumerate() {
            let fill_byte = (n % 251) as u8 + 1;
            match *step {
                Step::Alloc { size, align_log, zeroed } => {
                    let layout = Layout::from_size_align(size, 1 << align_log).unwrap();
                    let block =
                        unsafe { if zeroed { SizeClasses.alloc_zeroed(layout) } else { SizeClasses.alloc(layout) } };
                    assert!(!block.is_null());
                    if zeroed {
                        check(&Live { block, layout, fill: 0 });
                    }
                    let new = Live { block, layout, fill: fill_byte };
                    fill(&new);
                    live.push(new);
                }
                Step::Free(at) if !live.is_empty() => {
                    let gone = live.swap_remove(at % live.len());
                    check(&gone);
                    unsafe { SizeClasses.dealloc(gone.block, gone.layout) };
                }
                Step::Realloc(at, size) if !live.is_empty() => {
                    let index = at % live.len();
                    let old = &live[index];
                    check(old);
                    let block = unsafe { SizeClasses.realloc(old.block, old.layout, size) };
                    assert!(!block.is_null());
                    let layout = Layout::from_size_align(size, old.layout.align()).unwrap();
                    let kept = old.layout.size().min(size);
                    let bytes = unsafe { std::slice::from_raw_parts(block, kept) };
                    assert!(bytes.iter().all(|&b| b == old.fill), "realloc lost the contents");
                    live[index] = Live { block, layout, fill: fill_byte };
                    fill(&live[index]);
                }
                _ => {}
            }
            for block in &live {
                check(block);
            }
        }
        for gone in live {
            check(&gone);
            unsafe { SizeClasses.dealloc(gone.block, gone.layout) };
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn blocks_never_overlap_and_keep_their_contents(steps in proptest::collection::vec(step(), 1..200)) {
            run(&steps);
        }
    }

    #[test]
    fn many_small_blocks_span_several_chunks() {
        // More than a chunk of each of a few classes, freed in a different order than taken.
        let steps: Vec<Step> = (0..3 * CHUNK / 64)
            .map(|n| Step::Alloc { size: 16 + n % 48, align_log: (n % 5) as u32, zeroed: n % 7 == 0 })
            .chain((0..3 * CHUNK / 64).map(|n| Step::Free(n * 31)))
            .collect();
        run(&steps);
    }

    #[test]
    fn blocks_freed_on_another_thread_are_reused_there() {
        let layout = Layout::from_size_align(40, 8).unwrap();
        let blocks: Vec<usize> = std::thread::spawn(move || {
            (0..1000u32)
                .map(|n| {
                    let block = unsafe { SizeClasses.alloc(layout) };
                    unsafe { block.write_bytes(n as u8, layout.size()) };
                    block as usize
                })
                .collect()
        })
        .join()
        .unwrap();
        let mine: std::collections::HashSet<usize> = blocks.iter().copied().collect();
        std::thread::spawn(move || {
            for &block in &blocks {
                unsafe { SizeClasses.dealloc(block as *mut u8, layout) };
            }
            // This thread now hands out the blocks it freed, most recently freed first.
            for &expected in blocks.iter().rev() {
                let block = unsafe { SizeClasses.alloc(layout) };
                assert_eq!(block as usize, expected);
                assert!(mine.contains(&(block as usize)));
            }
        })
        .join()
        .unwrap();
    }

    #[test]
    fn a_retired_threads_blocks_are_taken_by_the_next_thread() {
        let layout = Layout::from_size_align(200, 8).unwrap();
        let freed: std::collections::HashSet<usize> = std::thread::spawn(move || {
            let blocks: Vec<*mut u8> = (0..200).map(|_| unsafe { SizeClasses.alloc(layout) }).collect();
            let addresses = blocks.iter().map(|block| *block as usize).collect();
            for block in blocks {
                unsafe { SizeClasses.dealloc(block, layout) };
            }
            retire_thread();
            addresses
        })
        .join()
        .unwrap();
        std::thread::spawn(move || {
            // Other tests' threads may have pooled blocks of this size too (the emission threads
            // retire), so the freed ones come back in no particular order, but they come back.
            let mut live = std::collections::HashSet::new();
            let mut reused = 0;
            while reused < freed.len() {
                let block = unsafe { SizeClasses.alloc(layout) };
                unsafe { block.write_bytes(0xa5, layout.size()) };
                assert!(live.insert(block as usize), "a block was handed out twice");
                reused += usize::from(freed.contains(&(block as usize)));
                assert!(live.len() < 100_000, "the retired thread's blocks were not reused");
            }
        })
        .join()
        .unwrap();
    }

    #[test]
    fn classes_round_up_to_the_grain() {
        let class_of = |size, align| class(Layout::from_size_align(size, align).unwrap());
        assert_eq!(class_of(1, 1), Some(0));
        assert_eq!(class_of(16, 16), Some(0));
        assert_eq!(class_of(17, 8), Some(1));
        assert_eq!(class_of(SMALL, 1), Some(CLASSES - 1));
        assert_eq!(class_of(SMALL + 1, 1), None);
        assert_eq!(class_of(16, 32), None);
        assert_eq!(class_of(0, 1), Some(0));
    }
}
