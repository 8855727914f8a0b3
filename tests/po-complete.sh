#!/usr/bin/env bash
# po/da.po must translate every message of the sources listed in POTFILES.in:
# the users are Danish (STYLE.md §17).
set -euo pipefail
src="$1"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cd "$src"
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 --add-comments=Translators -f po/POTFILES.in -o "$tmp/telekit.pot"
msgmerge --quiet --no-fuzzy-matching -o "$tmp/da.po" po/da.po "$tmp/telekit.pot"
msgfmt --check -o /dev/null "$tmp/da.po"
untranslated="$(msgattrib --untranslated --no-obsolete "$tmp/da.po" | grep -c '^msgid ' || true)"
fuzzy="$(msgattrib --only-fuzzy --no-obsolete "$tmp/da.po" | grep -c '^msgid ' || true)"
# msgattrib prints the header entry too when anything matched.
if [ "$untranslated" -gt 0 ] || [ "$fuzzy" -gt 0 ]; then
  echo "po/da.po is incomplete:" >&2
  msgattrib --untranslated --no-obsolete "$tmp/da.po" | grep '^msgid ' | tail -n +2 >&2 || true
  msgattrib --only-fuzzy --no-obsolete "$tmp/da.po" | grep '^msgid ' | tail -n +2 >&2 || true
  exit 1
fi
echo "po/da.po translates every message"
