package api

import (
	"strings"
)

// warningGroup is the review's warnings about one line or one field of the
// study, as the review page shows them: a phone showed ten warnings as
// one list of some 4,000 px, two of them about the same BOM line far
// apart, and the calculation trace repeated the result's own beneath.
type warningGroup struct {
	Line     string // the line's path ("bom[2]"), or the field's ("product.site"); "" for the study as a whole
	Name     string // the line's name, from the contribution tree; "" for a field
	Anchor   string // the group's element ID, which the trace's line links to
	Warnings []reviewWarning
}

// warningLine is the study line a warning's path names: its path up to
// the last index ("bom[2].children[0].supplier" names "bom[2].children[0]"),
// or the whole path when it names no line ("product.site", "supersedes").
func warningLine(path string) string {
	if i := strings.LastIndex(path, "]"); i >= 0 {
		return path[:i+1]
	}
	return path
}

// warningAnchor is the element ID of the warnings about line.
func warningAnchor(line string) string {
	if line == "" {
		return "warn-study"
	}
	return "warn-" + strings.Trim(strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '-'
	}, line), "-")
}

// groupWarnings groups ws by the line (or field) each names, the groups in
// the order of their first warning, and marks each line of the trace
// (tree, by its path) with the count of its group and a link to it.
func groupWarnings(ws []reviewWarning, tree []treeNode) []warningGroup {
	var groups []warningGroup
	at := map[string]int{}
	for _, w := range ws {
		line := warningLine(w.Path)
		i, ok := at[line]
		if !ok {
			i, at[line] = len(groups), len(groups)
			groups = append(groups, warningGroup{Line: line, Anchor: warningAnchor(line)})
		}
		groups[i].Warnings = append(groups[i].Warnings, w)
	}
	var mark func(ns []treeNode)
	mark = func(ns []treeNode) {
		for k := range ns {
			if i, ok := at[ns[k].Path]; ok && ns[k].Path != "" {
				groups[i].Name = ns[k].Name
				ns[k].Warnings, ns[k].WarnAnchor = len(groups[i].Warnings), groups[i].Anchor
			}
			mark(ns[k].Children)
		}
	}
	mark(tree)
	return groups
}
