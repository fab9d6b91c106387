//! A tiny inline-first vector, so short header and query lists need no heap.

use alloc::vec::Vec;

pub(crate) enum Small<T: Copy + Default, const N: usize> {
    Inline([T; N], usize),
    Heap(Vec<T>),
}

impl<T: Copy + Default, const N: usize> Small<T, N> {
    pub(crate) fn new() -> Self {
        Small::Inline([T::default(); N], 0)
    }

    pub(crate) fn push(&mut self, v: T) {
        match self {
            Small::Inline(arr, len) => {
                if *len < N {
                    arr[*len] = v;
                    *len += 1;
                } else {
                    let mut heap = Vec::with_capacity(N * 2);
                    heap.extend_from_slice(&arr[..]);
                    heap.push(v);
                    *self = Small::Heap(heap);
                }
            }
            Small::Heap(vec) => vec.push(v),
        }
    }

    pub(crate) fn pop(&mut self) -> Option<T> {
        match self {
            Small::Inline(arr, len) => {
                if *len == 0 {
                    None
                } else {
                    *len -= 1;
                    Some(arr[*len])
                }
            }
            Small::Heap(vec) => vec.pop(),
        }
    }

    pub(crate) fn as_slice(&self) -> &[T] {
        match self {
            Small::Inline(arr, len) => &arr[..*len],
            Small::Heap(vec) => vec,
        }
    }

    pub(crate) fn as_mut_slice(&mut self) -> &mut [T] {
        match self {
            Small::Inline(arr, len) => &mut arr[..*len],
            Small::Heap(vec) => vec,
        }
    }
}
