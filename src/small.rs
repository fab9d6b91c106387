//! A tiny inline-first vector, so short header and query lists need no heap.
//!
//! The inline slots are `Option<T>`: for the borrowed-slice records kept
//! here that costs no space (the `None` niche) and makes an empty list cheap
//! to set up (one word written per slot, not every field of a default `T`).

use alloc::vec::Vec;
use core::cmp::Ordering;

pub(crate) struct Small<T: Copy, const N: usize> {
    inline: [Option<T>; N],
    /// Items in `inline` (when not spilled).
    len: usize,
    /// Every item, once more than `N` were pushed.
    heap: Vec<T>,
    spilled: bool,
}

impl<T: Copy, const N: usize> Small<T, N> {
    #[inline(always)]
    pub(crate) fn new() -> Self {
        Small {
            inline: [None; N],
            len: 0,
            heap: Vec::new(),
            spilled: false,
        }
    }

    #[inline]
    pub(crate) fn push(&mut self, v: T) {
        if self.spilled {
            self.heap.push(v);
        } else if let Some(slot) = self.inline.get_mut(self.len) {
            *slot = Some(v);
            self.len += 1;
        } else {
            self.spill();
            self.heap.push(v);
        }
    }

    #[cold]
    fn spill(&mut self) {
        self.heap.reserve(N * 2);
        self.heap.extend(self.inline[..self.len].iter().flatten());
        self.spilled = true;
    }

    pub(crate) fn pop(&mut self) -> Option<T> {
        if self.spilled {
            return self.heap.pop();
        }
        self.len = self.len.checked_sub(1)?;
        self.inline.get_mut(self.len)?.take()
    }

    #[inline]
    pub(crate) fn len(&self) -> usize {
        if self.spilled {
            self.heap.len()
        } else {
            self.len
        }
    }

    #[inline]
    pub(crate) fn is_empty(&self) -> bool {
        self.len() == 0
    }

    #[inline]
    pub(crate) fn get(&self, i: usize) -> Option<&T> {
        if self.spilled {
            self.heap.get(i)
        } else {
            self.inline[..self.len].get(i)?.as_ref()
        }
    }

    /// The items: the inline slots or the heap, whichever holds them (one
    /// test per step, not a chain of both).
    #[inline]
    pub(crate) fn iter(&self) -> Iter<'_, T> {
        if self.spilled {
            Iter::Heap(self.heap.iter())
        } else {
            Iter::Inline(self.inline[..self.len].iter())
        }
    }

    pub(crate) fn sort_by(&mut self, mut cmp: impl FnMut(&T, &T) -> Ordering) {
        if self.spilled {
            self.heap.sort_by(cmp);
        } else {
            self.inline[..self.len].sort_by(|a, b| match (a, b) {
                (Some(a), Some(b)) => cmp(a, b),
                // Every slot below `len` is filled.
                _ => Ordering::Equal,
            });
        }
    }
}

/// [`Small::iter`].
#[derive(Clone)]
pub(crate) enum Iter<'a, T> {
    Inline(core::slice::Iter<'a, Option<T>>),
    Heap(core::slice::Iter<'a, T>),
}

impl<'a, T> Iterator for Iter<'a, T> {
    type Item = &'a T;

    #[inline]
    fn next(&mut self) -> Option<&'a T> {
        match self {
            // Every slot below the length is filled.
            Iter::Inline(it) => it.next()?.as_ref(),
            Iter::Heap(it) => it.next(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Small;
    use alloc::vec::Vec;

    fn items<const N: usize>(s: &Small<u32, N>) -> Vec<u32> {
        s.iter().copied().collect()
    }

    #[test]
    fn pushes_pops_and_sorts_inline_and_after_spilling_to_the_heap() {
        let mut s: Small<u32, 4> = Small::new();
        assert!(s.is_empty());
        assert_eq!(s.pop(), None);
        for v in [5, 3, 9] {
            s.push(v);
        }
        assert_eq!((s.len(), s.get(1), s.get(3)), (3, Some(&3), None));
        s.sort_by(u32::cmp);
        assert_eq!(items(&s), [3, 5, 9]);
        for v in [1, 7, 2] {
            s.push(v);
        }
        // Past the four inline slots: the same list, now on the heap.
        assert_eq!(items(&s), [3, 5, 9, 1, 7, 2]);
        assert_eq!((s.len(), s.get(4), s.get(6)), (6, Some(&7), None));
        s.sort_by(|a, b| b.cmp(a));
        assert_eq!(items(&s), [9, 7, 5, 3, 2, 1]);
        assert_eq!(s.pop(), Some(1));
        assert_eq!(s.len(), 5);
        while s.pop().is_some() {}
        assert!(s.is_empty());
    }

    #[test]
    fn pop_then_push_reuses_inline_slots() {
        let mut s: Small<u32, 2> = Small::new();
        s.push(1);
        s.push(2);
        assert_eq!(s.pop(), Some(2));
        s.push(3);
        assert_eq!(items(&s), [1, 3]);
        assert_eq!(s.get(1), Some(&3));
    }
}
