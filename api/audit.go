package api

import (
	"net/http"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/labstack/echo/v4"
)

func (s *Server) registerAuditRoutes() {
	s.route(http.MethodGet, "/v1/audit", s.handleAuditIndex)
}

type auditEventJSON struct {
	ID      string    `json:"id"`
	At      time.Time `json:"at"`
	Actor   string    `json:"actor"`
	Role    string    `json:"role,omitempty"`
	KeyID   string    `json:"key_id,omitempty"`
	Action  string    `json:"action"`
	Subject string    `json:"subject"`
	Detail  string    `json:"detail,omitempty"`
}

func newAuditEventJSON(e *footprint.AuditEvent) auditEventJSON {
	return auditEventJSON{
		ID: e.ID.String(), At: e.At.UTC(), Actor: e.Actor, Role: string(e.Role), KeyID: e.KeyID,
		Action: e.Action, Subject: e.Subject, Detail: e.Detail,
	}
}

type pageMeta struct {
	NextCursor string `json:"next_cursor,omitempty"`
	Count      int    `json:"count"`
}

// handleAuditIndex lists audit events, newest first, with cursor
// pagination: GET /v1/audit?subject=&actor=&action=&since=&cursor=&limit=.
func (s *Server) handleAuditIndex(c echo.Context) error {
	if err := need(s.CertificationService != nil, "the audit trail"); err != nil {
		return err
	}
	var subject, actor, action, since, cursor string
	var limit int
	if err := echo.QueryParamsBinder(c).
		String("subject", &subject).String("actor", &actor).String("action", &action).
		String("since", &since).String("cursor", &cursor).Int("limit", &limit).
		BindError(); err != nil {
		return bindQueryError(err)
	}
	f := footprint.AuditFilter{Cursor: cursor, Limit: limit}
	if limit < 0 || limit > footprint.MaxLimit {
		return footprint.FieldErrorf(footprint.EINVALID, "limit", "limit must be between 1 and %d", footprint.MaxLimit)
	}
	if subject != "" {
		f.Subject = &subject
	}
	if actor != "" {
		f.Actor = &actor
	}
	if action != "" {
		f.Action = &action
	}
	if since != "" {
		t, err := parseTimeParam(since)
		if err != nil {
			return footprint.FieldErrorf(footprint.EINVALID, "since", "want an RFC 3339 time or a YYYY-MM-DD date, got %q", since)
		}
		f.Since = &t
	}
	events, next, err := s.CertificationService.FindAuditEvents(c.Request().Context(), f)
	if err != nil {
		return err
	}
	out := make([]auditEventJSON, len(events))
	for i, e := range events {
		out[i] = newAuditEventJSON(e)
	}
	setNextLink(c, next)
	return c.JSON(http.StatusOK, dataResponse{Data: out, Meta: pageMeta{NextCursor: next, Count: len(out)}})
}

// parseTimeParam reads an RFC 3339 time or a date (midnight UTC).
func parseTimeParam(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	return time.Parse(time.DateOnly, s)
}

// setNextLink sets an RFC 8288 Link header to the next page.
func setNextLink(c echo.Context, next string) {
	if next == "" {
		return
	}
	q := c.Request().URL.Query()
	q.Set("cursor", next)
	c.Response().Header().Set("Link", "<"+c.Request().URL.Path+"?"+q.Encode()+`>; rel="next"`)
}
