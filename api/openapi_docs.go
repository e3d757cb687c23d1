package api

import (
	"bytes"
	"embed"
	"html/template"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"
)

// The API reference page for people, GET /v1/docs: the OpenAPI document
// rendered server-side (html/template, no script, no external asset), so it
// says exactly what the served document says.

//go:embed templates/docs.html
var docsFS embed.FS

var docsTemplate = template.Must(template.ParseFS(docsFS, "templates/docs.html"))

// tagZH are the Chinese names of the tags.
var tagZH = map[string]string{
	"operations":    "运维",
	"factors":       "排放因子",
	"auth":          "认证与令牌",
	"admin":         "管理",
	"products":      "产品",
	"studies":       "碳足迹核算",
	"certification": "认证申请",
	"certificates":  "证书",
	"verification":  "证书验证",
	"pact":          "PACT 数据交换",
	"audit":         "审计记录",
}

type docsPage struct {
	Title    string
	Intro    string
	Security []docsField
	Tags     []docsTag
	Schemas  []docsSchema
	Errors   []docsField
}

type docsTag struct {
	Name, NameZH, Description string
	Ops                       []docsOp
}

type docsOp struct {
	ID, Method, Path, Summary, Roles string
	Params                           []docsField
	Request                          []docsField // media type → schema
	Responses                        []docsField // status → schema
}

type docsSchema struct {
	Name   string
	Fields []docsField
}

// docsField is one row of a table: name, type, whether required, notes.
type docsField struct {
	Name, Type, Notes string
	Required          bool
}

// schemaText is a short description of a schema: a component name, "array
// of X", a type with its format or enum.
func schemaText(s any) string {
	m, _ := s.(map[string]any)
	if m == nil || len(m) == 0 {
		return "any"
	}
	if ref, ok := m["$ref"].(string); ok {
		return ref[strings.LastIndexByte(ref, '/')+1:]
	}
	if all, ok := m["allOf"].([]any); ok && len(all) == 1 {
		t := schemaText(all[0])
		if m["nullable"] == true {
			t += " | null"
		}
		return t
	}
	if one, ok := m["oneOf"].([]any); ok {
		var ts []string
		for _, o := range one {
			ts = append(ts, schemaText(o))
		}
		return strings.Join(ts, " | ")
	}
	t, _ := m["type"].(string)
	switch t {
	case "":
		return "any"
	case "array":
		t = "array of " + schemaText(m["items"])
	case "object":
		if ap, ok := m["additionalProperties"].(map[string]any); ok {
			t = "map of " + schemaText(ap)
		} else if props, ok := m["properties"].(map[string]any); ok && len(props) > 0 {
			names := make([]string, 0, len(props))
			for k, v := range props {
				names = append(names, k+": "+schemaText(v))
			}
			sort.Strings(names)
			t = "{" + strings.Join(names, ", ") + "}"
		}
	}
	if f, ok := m["format"].(string); ok {
		t += " (" + f + ")"
	}
	if e, ok := m["enum"].([]string); ok {
		t += " ∈ {" + strings.Join(e, ", ") + "}"
	}
	if m["nullable"] == true {
		t += " | null"
	}
	return t
}

func schemaNotes(s any) string {
	m, _ := s.(map[string]any)
	d, _ := m["description"].(string)
	if d == "" {
		if all, ok := m["allOf"].([]any); ok && len(all) == 1 {
			d = schemaNotes(all[0])
		}
	}
	return d
}

func buildDocsPage() docsPage {
	doc := openAPIDoc()
	info := doc["info"].(map[string]any)
	comps := doc["components"].(map[string]any)
	p := docsPage{Title: info["title"].(string), Intro: info["description"].(string)}
	for name, s := range comps["securitySchemes"].(map[string]any) {
		m := s.(map[string]any)
		typ := m["type"].(string)
		if sc, ok := m["scheme"].(string); ok {
			typ += " " + sc
		}
		p.Security = append(p.Security, docsField{Name: name, Type: typ, Notes: m["description"].(string)})
	}
	sort.Slice(p.Security, func(i, j int) bool { return p.Security[i].Name < p.Security[j].Name })
	var tagOrder []string
	byTag := map[string]*docsTag{}
	for _, t := range doc["tags"].([]any) {
		tm := t.(map[string]any)
		name := tm["name"].(string)
		d, _ := tm["description"].(string)
		byTag[name] = &docsTag{Name: name, NameZH: tagZH[name], Description: d}
		tagOrder = append(tagOrder, name)
	}
	paths := doc["paths"].(map[string]any)
	for _, op := range operations {
		o := paths[openAPIPath(op.path)].(map[string]any)[strings.ToLower(op.method)].(map[string]any)
		d := docsOp{ID: o["operationId"].(string), Method: op.method, Path: openAPIPath(op.path), Summary: op.summary,
			Roles: strings.Join(o["x-roles"].([]string), ", ")}
		if ps, ok := o["parameters"].([]any); ok {
			for _, pa := range ps {
				pm := pa.(map[string]any)
				d.Params = append(d.Params, docsField{Name: pm["name"].(string) + " (" + pm["in"].(string) + ")", Type: schemaText(pm["schema"]),
					Required: pm["required"] == true, Notes: schemaNotes(pm["schema"])})
			}
		}
		if rb, ok := o["requestBody"].(map[string]any); ok {
			for _, mt := range sortedKeys(rb["content"].(map[string]any)) {
				c := rb["content"].(map[string]any)[mt].(map[string]any)
				d.Request = append(d.Request, docsField{Name: mt, Type: schemaText(c["schema"]), Required: rb["required"] == true, Notes: schemaNotes(c["schema"])})
			}
		}
		resps := o["responses"].(map[string]any)
		for _, st := range sortedKeys(resps) {
			r := resps[st].(map[string]any)
			if ref, ok := r["$ref"].(string); ok {
				n, _ := strconv.Atoi(ref[strings.LastIndexByte(ref, '/')+1:])
				e := errorStatuses[n]
				d.Responses = append(d.Responses, docsField{Name: st, Type: "Error (code " + e.code + ")", Notes: e.desc})
				continue
			}
			desc, _ := r["description"].(string)
			content, _ := r["content"].(map[string]any)
			if len(content) == 0 {
				d.Responses = append(d.Responses, docsField{Name: st, Type: "(no body)", Notes: desc})
			}
			for _, mt := range sortedKeys(content) {
				c := content[mt].(map[string]any)
				d.Responses = append(d.Responses, docsField{Name: st + " " + mt, Type: schemaText(c["schema"]), Notes: desc})
			}
		}
		byTag[op.tag].Ops = append(byTag[op.tag].Ops, d)
	}
	for _, t := range tagOrder {
		p.Tags = append(p.Tags, *byTag[t])
	}
	schemas := comps["schemas"].(map[string]any)
	for _, name := range sortedKeys(schemas) {
		m := schemas[name].(map[string]any)
		props, _ := m["properties"].(map[string]any)
		req, _ := m["required"].([]string)
		s := docsSchema{Name: name}
		for _, f := range sortedKeys(props) {
			s.Fields = append(s.Fields, docsField{Name: f, Type: schemaText(props[f]), Required: slices.Contains(req, f), Notes: schemaNotes(props[f])})
		}
		p.Schemas = append(p.Schemas, s)
	}
	for _, st := range sortedKeys(comps["responses"].(map[string]any)) {
		r := comps["responses"].(map[string]any)[st].(map[string]any)
		ex := r["content"].(map[string]any)[mJSON].(map[string]any)["example"].(map[string]any)["error"].(map[string]any)
		p.Errors = append(p.Errors, docsField{Name: st, Type: ex["code"].(string), Notes: r["description"].(string)})
	}
	return p
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

var docsHTML = sync.OnceValues(func() ([]byte, error) {
	var buf bytes.Buffer
	if err := docsTemplate.Execute(&buf, buildDocsPage()); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
})

// handleDocs serves the API reference page.
func (s *Server) handleDocs(c echo.Context) error {
	b, err := docsHTML()
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	return c.HTMLBlob(http.StatusOK, b)
}
