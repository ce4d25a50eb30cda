# Copyright: Contributors to the esmkit.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# Appended by `make docs` (mk/docs.mk) to the conf.py that `antsibull-docs sphinx-init` writes, so the site
# builds offline: no intersphinx inventories are fetched, and the few labels of the Ansible documentation
# that antsibull-docs' generated pages point at become plain links to docs.ansible.com.
# ruff: noqa: F821

intersphinx_mapping = {}

ANSIBLE_DOCS = "https://docs.ansible.com/ansible/latest/"
ANSIBLE_LABELS = {
    "ansible_configuration_settings": ("reference_appendices/config.html", "Ansible Configuration Settings"),
    "common_return_values": ("reference_appendices/common_return_values.html", "Return Values"),
}


def _ansible_label(app, env, node, contnode):
    from docutils import nodes

    if node.get("refdomain") != "std" or node.get("reftype") != "ref":
        return None
    target = ANSIBLE_LABELS.get(node.get("reftarget"))
    if target is None:
        return None
    path, title = target
    text = contnode.astext()
    label = title if text == node.get("reftarget") else text
    return nodes.reference("", label, internal=False, refuri=ANSIBLE_DOCS + path)


def setup(app):
    app.connect("missing-reference", _ansible_label)
