//! Cutting an object into parts S3 accepts: [`PartPlan`]. Every part but
//! the last has the same size, at least 5 MiB and at most 5 GiB; there
//! are at most 10000 parts.

use crate::error::{Error, ErrorKind, Result};

use super::{MAX_OBJECT_SIZE, MAX_PARTS, MAX_PART_SIZE, MIN_PART_SIZE};

/// How an object of `total` bytes is cut into parts of `part_size` bytes
/// (the last one shorter).
///
/// ```
/// use awssig::{ErrorKind, s3::multipart::PartPlan};
/// let plan = PartPlan::new(20 * 1024 * 1024, 8 * 1024 * 1024)?;
/// assert_eq!(plan.count(), 3);
/// let last = plan.parts().last().unwrap();
/// assert_eq!((last.number(), last.offset(), last.len()), (3, 16 * 1024 * 1024, 4 * 1024 * 1024));
/// let err = PartPlan::new(20 * 1024 * 1024, 1024 * 1024).unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::InvalidMultipart);
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartPlan {
    total: u64,
    part_size: u64,
    count: u16,
}

/// One part of a [`PartPlan`]: its number and its byte range.
///
/// ```
/// let p = awssig::s3::multipart::PartPlan::new(10, 10)?.parts().next().unwrap();
/// assert_eq!((p.number(), p.offset(), p.len()), (1, 0, 10));
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Part {
    number: u16,
    offset: u64,
    len: u64,
}

impl Part {
    /// The part number (1-based).
    ///
    /// ```
    /// # let p = awssig::s3::multipart::PartPlan::new(10, 10)?.parts().next().unwrap();
    /// assert_eq!(p.number(), 1);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn number(&self) -> u16 {
        self.number
    }

    /// Where the part starts in the object.
    ///
    /// ```
    /// # let p = awssig::s3::multipart::PartPlan::new(10, 10)?.parts().next().unwrap();
    /// assert_eq!(p.offset(), 0);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// Its length in bytes (the `Content-Length` to pin).
    ///
    /// ```
    /// # let p = awssig::s3::multipart::PartPlan::new(10, 10)?.parts().next().unwrap();
    /// assert_eq!(p.len(), 10);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> u64 {
        self.len
    }
}

fn err(message: alloc::string::String) -> Error {
    Error::new(ErrorKind::InvalidMultipart, message)
}

impl PartPlan {
    /// Parts of `part_size` bytes for `total` bytes. Errors
    /// ([`ErrorKind::InvalidMultipart`]) name the rule: `part_size` under
    /// 5 MiB when there is more than one part, over 5 GiB, or 0; more than
    /// 10000 parts; `total` over 5 TiB. An empty object is one empty part.
    ///
    /// ```
    /// use awssig::s3::multipart::PartPlan;
    /// assert_eq!(PartPlan::new(0, 5 << 20)?.count(), 1);
    /// assert!(PartPlan::new(100 << 30, 5 << 20).unwrap_err().to_string().contains("10000"));
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn new(total: u64, part_size: u64) -> Result<PartPlan> {
        if total > MAX_OBJECT_SIZE {
            return Err(err(alloc::format!(
                "the object is {total} bytes; a multipart upload makes at most {MAX_OBJECT_SIZE} bytes (5 TiB)"
            )));
        }
        if part_size == 0 || part_size > MAX_PART_SIZE {
            return Err(err(alloc::format!(
                "part size {part_size} bytes: S3 parts are 1 to {MAX_PART_SIZE} bytes (5 GiB)"
            )));
        }
        let count = total.div_ceil(part_size).max(1);
        if count > 1 && part_size < MIN_PART_SIZE {
            return Err(err(alloc::format!(
                "part size {part_size} bytes is under S3's minimum of {MIN_PART_SIZE} bytes (5 MiB) \
                 for every part but the last"
            )));
        }
        let count = u16::try_from(count)
            .ok()
            .filter(|c| *c <= MAX_PARTS)
            .ok_or_else(|| {
                err(alloc::format!(
                    "{total} bytes in parts of {part_size} bytes is {count} parts; S3 allows at most {MAX_PARTS}"
                ))
            })?;
        Ok(PartPlan {
            total,
            part_size,
            count,
        })
    }

    /// The plan with the fewest parts of at least `min_part_size` bytes
    /// (raised to 5 MiB) that stays within 10000 parts.
    ///
    /// ```
    /// use awssig::s3::multipart::PartPlan;
    /// let plan = PartPlan::auto(1 << 40, 8 << 20)?; // 1 TiB
    /// assert!(plan.count() <= 10_000);
    /// assert!(plan.part_size() >= 8 << 20);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn auto(total: u64, min_part_size: u64) -> Result<PartPlan> {
        let needed = total.div_ceil(u64::from(MAX_PARTS));
        let size = min_part_size.max(MIN_PART_SIZE).max(needed);
        PartPlan::new(total, size.min(MAX_PART_SIZE))
    }

    /// How many parts.
    ///
    /// ```
    /// assert_eq!(awssig::s3::multipart::PartPlan::new(11 << 20, 5 << 20)?.count(), 3);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn count(&self) -> u16 {
        self.count
    }

    /// The size of every part but the last.
    ///
    /// ```
    /// assert_eq!(awssig::s3::multipart::PartPlan::new(11 << 20, 5 << 20)?.part_size(), 5 << 20);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn part_size(&self) -> u64 {
        self.part_size
    }

    /// The object's size.
    ///
    /// ```
    /// assert_eq!(awssig::s3::multipart::PartPlan::new(11 << 20, 5 << 20)?.total(), 11 << 20);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn total(&self) -> u64 {
        self.total
    }

    /// The parts in order.
    ///
    /// ```
    /// let plan = awssig::s3::multipart::PartPlan::new(11 << 20, 5 << 20)?;
    /// let lens: Vec<u64> = plan.parts().map(|p| p.len()).collect();
    /// assert_eq!(lens, [5 << 20, 5 << 20, 1 << 20]);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn parts(&self) -> impl Iterator<Item = Part> + '_ {
        (1..=self.count).map(move |number| {
            let offset = u64::from(number - 1) * self.part_size;
            Part {
                number,
                offset,
                len: self.part_size.min(self.total - offset),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_are_s3s() {
        assert!(PartPlan::new(MAX_OBJECT_SIZE, MAX_PART_SIZE).is_ok());
        assert!(PartPlan::new(MAX_OBJECT_SIZE + 1, MAX_PART_SIZE).is_err());
        assert!(PartPlan::new(10, MAX_PART_SIZE + 1).is_err());
        assert!(PartPlan::new(10, 0).is_err());
        // 10000 parts of 5 MiB exactly; one byte more is 10001 parts.
        assert_eq!(
            PartPlan::new(10_000 * MIN_PART_SIZE, MIN_PART_SIZE)
                .unwrap()
                .count(),
            10_000
        );
        assert!(PartPlan::new(10_000 * MIN_PART_SIZE + 1, MIN_PART_SIZE).is_err());
        // A small object is one part, however small the part size.
        assert_eq!(PartPlan::new(3, 3).unwrap().count(), 1);
        assert!(PartPlan::new(4, 3).is_err());
    }

    #[test]
    fn auto_fits_the_largest_object() {
        let p = PartPlan::auto(MAX_OBJECT_SIZE, 0).unwrap();
        assert!(p.count() <= MAX_PARTS);
        let sum: u64 = p.parts().map(|x| x.len()).sum();
        assert_eq!(sum, MAX_OBJECT_SIZE);
    }
}
