# Copyright: Contributors to the esmkit.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


# Literal strings: ansible-test's yamllint and ansible-doc read doc fragments without running them.
class ModuleDocFragment:
    DOCUMENTATION = r"""
options: {}
"""

    ACTIONGROUPS = r"""
options: {}
attributes:
  action_group:
    description: Use C(group/esmkit.aws.aws) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - esmkit.aws.aws
"""

    # A module that changes mappings.
    WRITE_MODULE = r"""
options: {}
attributes:
  check_mode:
    description: Can run in C(check_mode) and return changed status prediction without modifying target.
    support: full
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in C(check_mode)), when in diff mode.
    support: full
  idempotent:
    description: When run twice in a row with the same arguments, the second run reports no change.
    support: full
"""

    INFO_MODULE = r"""
options: {}
attributes:
  check_mode:
    description: Can run in C(check_mode) and return changed status prediction without modifying target.
    support: full
    details: This action does not modify state.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in C(check_mode)), when in diff mode.
    support: N/A
    details: This action does not modify state.
  idempotent:
    description: When run twice in a row with the same arguments, the second run reports no change.
    support: full
    details: This action does not modify state.
"""
