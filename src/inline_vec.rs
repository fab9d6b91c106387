//! A tiny inline-first vector, so short header and query lists need no heap.
//!
//! The inline slots are `Option<T>`: for the borrowed-slice records kept
//! here that costs no space (the `None` niche) and makes an empty list cheap
//! to set up (one word written per slot, not every field of a default `T`).

use alloc::vec::Vec;
use core::cmp::Ordering;

pub(crate) struct InlineVec<T: Copy, const N: usize> {
    inline: [Option<T>; N],
    /// Items in `inline` (when not spilled).
    len: usize,
    /// Every item, once more than `N` were pushed.
    heap: Vec<T>,
    spilled: bool,
}

impl<T: Copy, const N: usize> InlineVec<T, N> {
    #[inline(always)]
    pub(crate) fn new() -> Self {
        InlineVec {
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

    /// Adds `more`, already sorted by `cmp`, to these items (sorted by
    /// it too), keeping them sorted: one comparison per item passed over,
    /// and none between two items of `more`. Equal items of `self` stay
    /// before those of `more`.
    pub(crate) fn merge_sorted(&mut self, more: &[T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
        let m = self.len();
        for &v in more {
            self.push(v);
        }
        if self.spilled {
            merge_back(&mut self.heap, m, more, |v| v, |a, b| cmp(a, b).is_gt());
        } else {
            let filled = &mut self.inline[..self.len];
            merge_back(filled, m, more, Some, |a, b| {
                // Every slot below `len` is filled.
                a.as_ref().is_some_and(|a| cmp(a, b).is_gt())
            });
        }
    }

    pub(crate) fn sort_by(&mut self, mut cmp: impl FnMut(&T, &T) -> Ordering) {
        if self.spilled {
            self.heap.sort_by(cmp);
        } else {
            let mut cmp = |a: &Option<T>, b: &Option<T>| match (a, b) {
                (Some(a), Some(b)) => cmp(a, b),
                // Every slot below `len` is filled.
                _ => Ordering::Equal,
            };
            let items = &mut self.inline[..self.len];
            // Short lists often come sorted (a host, then one more): a
            // pass over them, without the sort's setup.
            if !items.is_sorted_by(|a, b| cmp(a, b).is_le()) {
                items.sort_by(cmp);
            }
        }
    }
}

/// Moves the items of `s[..m]` (sorted) up to make room for `more`
/// (sorted), merging from the back: `s[m..]` is overwritten. On equal keys
/// the items of `s` stay first, as a stable sort of both would leave them.
fn merge_back<X: Copy, T: Copy>(
    s: &mut [X],
    m: usize,
    more: &[T],
    wrap: impl Fn(T) -> X,
    mut after: impl FnMut(&X, &T) -> bool,
) {
    let (mut i, mut w) = (m, s.len());
    for &v in more.iter().rev() {
        while i > 0 && w > 0 && after(&s[i - 1], &v) {
            s[w - 1] = s[i - 1];
            i -= 1;
            w -= 1;
        }
        if w > 0 {
            s[w - 1] = wrap(v);
            w -= 1;
        }
    }
}

/// [`InlineVec::iter`].
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
    use super::InlineVec;
    use alloc::vec::Vec;

    fn items<const N: usize>(s: &InlineVec<u32, N>) -> Vec<u32> {
        s.iter().copied().collect()
    }

    #[test]
    fn pushes_pops_and_sorts_inline_and_after_spilling_to_the_heap() {
        let mut s: InlineVec<u32, 4> = InlineVec::new();
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
        let mut s: InlineVec<u32, 2> = InlineVec::new();
        s.push(1);
        s.push(2);
        assert_eq!(s.pop(), Some(2));
        s.push(3);
        assert_eq!(items(&s), [1, 3]);
        assert_eq!(s.get(1), Some(&3));
    }

    /// Every split of a few sorted keys (with repeats) into a sorted list
    /// and a sorted addition, inline and spilling: the merge gives what a
    /// stable sort of both gives, the list's equal items first.
    #[test]
    fn merging_a_sorted_addition_equals_a_stable_sort_of_both() {
        // (key, origin): origin 0 for the list, 1 for the addition.
        let keys = [1u32, 2, 2, 3, 5, 5, 8];
        for mask in 0u32..(1 << keys.len()) {
            let (mut mine, mut more) = (Vec::new(), Vec::new());
            for (i, &k) in keys.iter().enumerate() {
                if mask & (1 << i) == 0 {
                    mine.push((k, 0u8));
                } else {
                    more.push((k, 1u8));
                }
            }
            let mut want: Vec<(u32, u8)> = mine.iter().chain(&more).copied().collect();
            want.sort_by_key(|p| p.0);
            let by_key = |a: &(u32, u8), b: &(u32, u8)| a.0.cmp(&b.0);
            let mut inline: InlineVec<(u32, u8), 8> = InlineVec::new();
            let mut spilled: InlineVec<(u32, u8), 2> = InlineVec::new();
            for &p in &mine {
                inline.push(p);
                spilled.push(p);
            }
            inline.merge_sorted(&more, by_key);
            spilled.merge_sorted(&more, by_key);
            let got: Vec<_> = inline.iter().copied().collect();
            assert_eq!(got, want, "inline, list {mine:?} + {more:?}");
            let got: Vec<_> = spilled.iter().copied().collect();
            assert_eq!(got, want, "spilled, list {mine:?} + {more:?}");
        }
    }
}
