"""The policy document against its schema.

The schema is what other tools (and `notice --json` consumers) rely on, so the embedded notice
must satisfy it, and the schema must be strict enough to refuse the mistakes parse_policy
refuses: a missing section, an anchor the retention logic does not know, a stray property.
"""

import copy
import json
import os
import pathlib
import unittest

import jsonschema

SOURCE_DIR = pathlib.Path(os.environ["OULU10_SOURCE_DIR"])
POLICY = SOURCE_DIR / "lib" / "policy" / "notice-2021-05-27.json"
SCHEMA = SOURCE_DIR / "schemas" / "policy.schema.json"


def load(path):
    with open(path, encoding="utf-8") as file:
        return json.load(file)


class PolicySchemaTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.schema = load(SCHEMA)
        jsonschema.Draft202012Validator.check_schema(cls.schema)
        cls.validator = jsonschema.Draft202012Validator(
            cls.schema, format_checker=jsonschema.FormatChecker()
        )
        cls.policy = load(POLICY)

    def errors(self, document):
        return list(self.validator.iter_errors(document))

    def assert_refused(self, document, path):
        errors = self.errors(document)
        self.assertTrue(errors, "the schema accepted a broken document")
        paths = ["/" + "/".join(str(part) for part in error.absolute_path) for error in errors]
        self.assertIn(path, paths)

    def test_schema_is_draft_2020_12(self):
        self.assertEqual(
            self.schema["$schema"], "https://json-schema.org/draft/2020-12/schema"
        )
        self.assertTrue(self.schema["$id"].endswith("/schemas/policy.schema.json"))

    def test_embedded_policy_is_valid(self):
        self.assertEqual(self.errors(self.policy), [])

    def test_policy_has_no_raw_string_delimiter(self):
        # cmake/EmbedPolicy.cmake wraps the file in R"policy(...)policy".
        self.assertNotIn(')policy"', POLICY.read_text(encoding="utf-8"))

    def test_missing_recipients_is_refused(self):
        document = copy.deepcopy(self.policy)
        del document["recipients"]
        self.assert_refused(document, "/")

    def test_empty_recipients_is_refused(self):
        document = copy.deepcopy(self.policy)
        document["recipients"] = []
        self.assert_refused(document, "/recipients")

    def test_unknown_anchor_is_refused(self):
        document = copy.deepcopy(self.policy)
        document["retention"][2]["from"] = "chat_ended"
        self.assert_refused(document, "/retention/2/from")

    def test_extra_property_is_refused(self):
        for where in ([], ["controller"], ["retention", 0], ["source"]):
            with self.subTest(where=where):
                document = copy.deepcopy(self.policy)
                target = document
                for key in where:
                    target = target[key]
                target["extra"] = "not in the schema"
                self.assert_refused(document, "/" + "/".join(str(key) for key in where))

    def test_rule_with_both_years_and_goes_with_is_refused(self):
        document = copy.deepcopy(self.policy)
        rule = next(r for r in document["retention"] if "goes_with" in r)
        rule["years"] = 1
        self.assertTrue(self.errors(document))

    def test_rule_with_neither_years_nor_goes_with_is_refused(self):
        document = copy.deepcopy(self.policy)
        del document["retention"][2]["years"]
        self.assertTrue(self.errors(document))

    def test_missing_category_is_refused(self):
        document = copy.deepcopy(self.policy)
        document["data_categories"] = [
            c for c in document["data_categories"] if c["id"] != "calls"
        ]
        self.assert_refused(document, "/data_categories")

    def test_missing_right_is_refused(self):
        document = copy.deepcopy(self.policy)
        document["rights"] = [r for r in document["rights"] if r["id"] != "erasure"]
        self.assert_refused(document, "/rights")

    def test_empty_finnish_text_is_refused(self):
        document = copy.deepcopy(self.policy)
        document["supervisory_authority"]["fi"] = ""
        self.assert_refused(document, "/supervisory_authority/fi")

    def test_missing_portability_is_refused(self):
        document = copy.deepcopy(self.policy)
        del document["portability"]
        self.assert_refused(document, "/")

    def test_portability_category_missing_or_unknown_is_refused(self):
        document = copy.deepcopy(self.policy)
        del document["portability"]["included"]["calls"]
        self.assert_refused(document, "/portability/included")
        document = copy.deepcopy(self.policy)
        document["portability"]["included"]["invoices"] = ["id"]
        self.assert_refused(document, "/portability/included")
        document = copy.deepcopy(self.policy)
        document["portability"]["excluded"][0]["category"] = "invoices"
        self.assert_refused(document, "/portability/excluded/0/category")

    def test_broken_portability_field_list_is_refused(self):
        chats = "/portability/included/chats"
        for fields, path in (([], chats), (["id", "id"], chats), (["id", ""], chats + "/1"),
                             (["id", 5], chats + "/1")):
            with self.subTest(fields=fields):
                document = copy.deepcopy(self.policy)
                document["portability"]["included"]["chats"] = fields
                self.assert_refused(document, path)

    def test_exclusion_needs_a_reason_in_both_languages(self):
        document = copy.deepcopy(self.policy)
        del document["portability"]["excluded"][0]["reason"]["en"]
        self.assert_refused(document, "/portability/excluded/0/reason")
        document = copy.deepcopy(self.policy)
        del document["portability"]["excluded"][0]["reason"]
        self.assert_refused(document, "/portability/excluded/0")


if __name__ == "__main__":
    unittest.main()
