//! A list that keeps a single item inline.
//!
//! Most words have one part and most pipelines one element; keeping that one item inline saves
//! an allocation per word and per pipeline, a measurable share of lowering a whole corpus.

#[derive(Debug, Clone)]
pub(crate) enum OneOrMany<T> {
    One(T),
    /// Zero items (no allocation) or two and more.
    Many(Vec<T>),
}

/// Equal by items: `One(x)` equals `Many(vec![x])`, however the list was built.
impl<T: PartialEq> PartialEq for OneOrMany<T> {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<T: Eq> Eq for OneOrMany<T> {}

impl<T> Default for OneOrMany<T> {
    fn default() -> Self {
        Self::Many(Vec::new())
    }
}

impl<T> OneOrMany<T> {
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        if capacity <= 1 {
            Self::default()
        } else {
            Self::Many(Vec::with_capacity(capacity))
        }
    }

    pub(crate) fn push(&mut self, item: T) {
        *self = match std::mem::take(self) {
            Self::One(first) => Self::Many(vec![first, item]),
            Self::Many(items) if items.is_empty() && items.capacity() == 0 => Self::One(item),
            Self::Many(mut items) => {
                items.push(item);
                Self::Many(items)
            }
        };
    }

    pub(crate) fn as_slice(&self) -> &[T] {
        match self {
            Self::One(item) => std::slice::from_ref(item),
            Self::Many(items) => items,
        }
    }

    pub(crate) fn as_mut_slice(&mut self) -> &mut [T] {
        match self {
            Self::One(item) => std::slice::from_mut(item),
            Self::Many(items) => items,
        }
    }
}

impl<T> FromIterator<T> for OneOrMany<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let iter = iter.into_iter();
        let mut list = Self::with_capacity(iter.size_hint().0);
        for item in iter {
            list.push(item);
        }
        list
    }
}

#[cfg(test)]
mod tests {
    use super::OneOrMany;

    #[test]
    fn grows_from_none_to_one_to_many() {
        let mut list = OneOrMany::default();
        assert!(list.as_slice().is_empty());
        list.push(1);
        assert!(matches!(list, OneOrMany::One(1)));
        list.push(2);
        list.push(3);
        assert_eq!(list.as_slice(), [1, 2, 3]);
        list.as_mut_slice()[0] = 9;
        assert_eq!(list.as_slice(), [9, 2, 3]);
        let collected: OneOrMany<u8> = [7, 8].into_iter().collect();
        assert_eq!(collected.as_slice(), [7, 8]);
        let single: OneOrMany<u8> = std::iter::once(5).collect();
        assert!(matches!(single, OneOrMany::One(5)));
    }
}
