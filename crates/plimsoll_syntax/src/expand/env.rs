//! Where the lexer looks variables up.

use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;

/// A set of variables the [`Lexer`](super::Lexer) expands against.
///
/// `None` means "unset", which is different from set-but-empty (`Some("")`): `${V-x}` gives `x`
/// only when `V` is unset, `${V:-x}` also when it is empty. Names are compared exactly (BuildKit
/// on Linux is case-sensitive).
pub trait Env {
    /// The value of `name`, or `None` when it is unset.
    fn get(&self, name: &str) -> Option<&str>;
}

/// No variables at all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EmptyEnv;

impl Env for EmptyEnv {
    fn get(&self, _name: &str) -> Option<&str> {
        None
    }
}

impl<S: BuildHasher> Env for HashMap<String, String, S> {
    fn get(&self, name: &str) -> Option<&str> {
        HashMap::get(self, name).map(String::as_str)
    }
}

impl Env for BTreeMap<String, String> {
    fn get(&self, name: &str) -> Option<&str> {
        BTreeMap::get(self, name).map(String::as_str)
    }
}

/// A list of pairs; when a name repeats, the last pair wins (like BuildKit's env lists).
impl<K: AsRef<str>, V: AsRef<str>> Env for [(K, V)] {
    fn get(&self, name: &str) -> Option<&str> {
        self.iter()
            .rev()
            .find(|(key, _)| key.as_ref() == name)
            .map(|(_, value)| value.as_ref())
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Env for Vec<(K, V)> {
    fn get(&self, name: &str) -> Option<&str> {
        Env::get(self.as_slice(), name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>, const N: usize> Env for [(K, V); N] {
    fn get(&self, name: &str) -> Option<&str> {
        Env::get(self.as_slice(), name)
    }
}

impl<E: Env + ?Sized> Env for &E {
    fn get(&self, name: &str) -> Option<&str> {
        (**self).get(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_last_wins_and_empty_is_set() {
        let env = [("A", "1"), ("B", ""), ("A", "2")];
        assert_eq!(env.get("A"), Some("2"));
        assert_eq!(env.get("B"), Some(""));
        assert_eq!(env.get("C"), None);
        let slice: &[(&str, &str)] = &env;
        assert_eq!(Env::get(slice, "A"), Some("2"));
    }

    #[test]
    fn maps_and_empty_env() {
        let mut map = HashMap::new();
        map.insert("X".to_owned(), "x".to_owned());
        assert_eq!(Env::get(&map, "X"), Some("x"));
        let btree: BTreeMap<String, String> = map.into_iter().collect();
        assert_eq!(Env::get(&btree, "X"), Some("x"));
        assert_eq!(Env::get(&btree, "x"), None);
        assert_eq!(EmptyEnv.get("X"), None);
    }
}
