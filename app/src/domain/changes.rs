//! What changed between two versions of a list of answers (issue 4: after a resubmission the
//! reviewer sees what changed since the return). Works on the rows a section shows — (label,
//! value) pairs — so the reviewer reads the change in the words the page uses.

/// One row that differs: `before` is `None` for a row added, `after` is `None` for a row removed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowChange<L> {
    pub label: L,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The rows of `after` that differ from `before`. Rows with the same labels in the same order
/// (a form's fields) are compared one by one; otherwise (a list that grew or shrank, such as the
/// family members) each row is either kept, removed or added.
pub fn row_changes<L: PartialEq + Clone>(before: &[(L, String)], after: &[(L, String)]) -> Vec<RowChange<L>> {
    let same_shape = before.len() == after.len() && before.iter().zip(after).all(|((a, _), (b, _))| a == b);
    if same_shape {
        return before
            .iter()
            .zip(after)
            .filter(|((_, old), (_, new))| old.trim() != new.trim())
            .map(|((label, old), (_, new))| RowChange { label: label.clone(), before: Some(old.clone()), after: Some(new.clone()) })
            .collect();
    }
    let removed = before
        .iter()
        .filter(|row| !after.contains(row))
        .map(|(label, old)| RowChange { label: label.clone(), before: Some(old.clone()), after: None });
    let added = after
        .iter()
        .filter(|row| !before.contains(row))
        .map(|(label, new)| RowChange { label: label.clone(), before: None, after: Some(new.clone()) });
    removed.chain(added).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(r: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
        r.iter().map(|(l, v)| (*l, v.to_string())).collect()
    }

    fn change(label: &'static str, before: Option<&str>, after: Option<&str>) -> RowChange<&'static str> {
        RowChange { label, before: before.map(str::to_string), after: after.map(str::to_string) }
    }

    #[test]
    fn what_changed_since_the_return() {
        let form = rows(&[("姓名", "张三明"), ("手机", "13800138000"), ("邮箱", "zhang@example.cn")]);
        type Rows = Vec<(&'static str, String)>;
        let table: Vec<(Rows, Vec<RowChange<&'static str>>)> = vec![
            // nothing changed (spaces around a value are not a change)
            (rows(&[("姓名", "张三明 "), ("手机", "13800138000"), ("邮箱", "zhang@example.cn")]), vec![]),
            // one field of a form
            (
                rows(&[("姓名", "张三明"), ("手机", "13900139000"), ("邮箱", "zhang@example.cn")]),
                vec![change("手机", Some("13800138000"), Some("13900139000"))],
            ),
            // a field emptied and another filled
            (
                rows(&[("姓名", ""), ("手机", "13800138000"), ("邮箱", "z@example.cn")]),
                vec![change("姓名", Some("张三明"), Some("")), change("邮箱", Some("zhang@example.cn"), Some("z@example.cn"))],
            ),
        ];
        for (after, expected) in table {
            assert_eq!(row_changes(&form, &after), expected, "{after:?}");
        }
    }

    #[test]
    fn a_list_that_grew_or_shrank_shows_rows_added_and_removed() {
        let before = rows(&[("家属", "配偶: 李四"), ("家属", "子女: 张小明")]);
        let after = rows(&[("家属", "子女: 张小明"), ("家属", "子女: 张小红"), ("家属", "配偶: 李四娟")]);
        assert_eq!(
            row_changes(&before, &after),
            vec![change("家属", Some("配偶: 李四"), None), change("家属", None, Some("子女: 张小红")), change("家属", None, Some("配偶: 李四娟"))]
        );
        assert_eq!(row_changes(&after, &after), vec![]);
        // from "no family members" to one
        let none = rows(&[("家属", "无")]);
        let one = rows(&[("家属", "子女: 张小明")]);
        assert_eq!(row_changes(&none, &one), vec![change("家属", Some("无"), Some("子女: 张小明"))]);
    }
}
