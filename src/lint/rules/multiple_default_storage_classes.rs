//! L025 `multiple-default-storage-classes`.

use crate::declare_rule;
use crate::lint::{LintContext, Rule, RuleMeta};
use crate::manifest::Node;

declare_rule! {
    /// ## What it does
    /// Flags StorageClasses beyond the first that are marked as the default
    /// (`storageclass.kubernetes.io/is-default-class: "true"`).
    ///
    /// ## Why is this bad?
    /// Claims without a class go to whichever default is newest: the choice depends on creation
    /// order, and older clusters reject such claims outright.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: storage.k8s.io/v1
    /// kind: StorageClass
    /// metadata: {name: ssd, annotations: {storageclass.kubernetes.io/is-default-class: "true"}}
    /// provisioner: csi.vsphere.vmware.com
    /// ---
    /// apiVersion: storage.k8s.io/v1
    /// kind: StorageClass
    /// metadata: {name: nfs, annotations: {storageclass.kubernetes.io/is-default-class: "true"}}
    /// provisioner: csi.vsphere.vmware.com
    /// ```
    ///
    /// Use instead: mark one class as the default.
    MultipleDefaultStorageClasses { code: "L025", name: "multiple-default-storage-classes", default: Warning }
}

impl Rule for MultipleDefaultStorageClasses {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &mut LintContext<'_>) {
        let mut first: Option<(String, crate::source::Span)> = None;
        for (document, class) in context.docs().of_kind("StorageClass") {
            let pointer = "/metadata/annotations/storageclass.kubernetes.io~1is-default-class";
            if class.pointer(pointer).and_then(Node::as_str) != Some("true") {
                continue;
            }
            let name = crate::lint::object_name(class).to_owned();
            match &first {
                None => first = Some((name, class.span_at(pointer))),
                Some((first_name, first_span)) => {
                    let (first_name, first_span) = (first_name.clone(), *first_span);
                    context.report(
                        document,
                        pointer,
                        format!(
                            "StorageClass `{name}` is a second default class, after `{first_name}`"
                        ),
                        "keep one default class",
                    );
                    context.with_related(first_span, format!("`{first_name}` is the default here"));
                }
            }
        }
    }
}
