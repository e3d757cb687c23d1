package api

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
)

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
	if err := checkLimit(limit, footprint.MaxLimit); err != nil {
		return err
	}
	f, err := s.auditFilter(c.Request().Context(), subject, actor, action, since)
	if err != nil {
		return err
	}
	f.Cursor, f.Limit = cursor, limit
	events, next, err := s.CertificationService.FindAuditEvents(c.Request().Context(), f)
	if err != nil {
		return err
	}
	setNextLink(c, next)
	return c.JSON(http.StatusOK, dataResponse{Data: nonNil(events), Meta: pageMeta{NextCursor: next, Count: len(events)}})
}

// handleAuditHead answers the head of the audit chain: the number of
// events and the digest of the last (GET /v1/audit/head). A regulator who
// records it can later check that the trail still extends it (pcf audit
// verify --head N:DIGEST).
func (s *Server) handleAuditHead(c echo.Context) error {
	if err := need(s.CertificationService != nil, "the audit trail"); err != nil {
		return err
	}
	head, err := s.CertificationService.FindAuditHead(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, dataResponse{Data: head})
}

// auditSubject returns the subject of an audit filter as the trail names
// it: a certificate named by the number its label prints is named by its
// ID. A certificate, application or study named otherwise than by its
// canonical ID (or, for a certificate, its number) is refused naming
// subject: its trail was answered empty (red team 61: the number read
// off a label, an ID in upper case). An unknown number is kept, and finds
// no event.
func (s *Server) auditSubject(ctx context.Context, subject string) (string, error) {
	kind, rest, _ := strings.Cut(subject, "/")
	if kind != "certificate" && kind != "application" && kind != "study" {
		return subject, nil
	}
	if id, err := uuid.Parse(rest); err == nil && id.String() == rest {
		return subject, nil
	}
	if _, err := certification.ParseCertificateNumber(rest); err == nil && kind == "certificate" {
		rec, err := s.CertificationService.FindCertificateByNumber(ctx, rest)
		if footprint.ErrorCode(err) == footprint.ENOTFOUND {
			return subject, nil
		} else if err != nil {
			return "", err
		}
		return "certificate/" + rec.Certificate().ID.String(), nil
	}
	return "", footprint.FieldErrorf(footprint.EINVALID, "subject", "审计对象 %[1]q 无效:请以 36 个小写字符的编号(UUID)指明该对象,证书也可用其完整编号。invalid subject %[1]q: name the %[2]s by its ID, 36 lower-case characters (a certificate also by its full number)", truncate(subject, 80), kind)
}

// auditFilter makes the filter of GET /v1/audit and of the audit page from
// their parameters, the subject as the trail names it (auditSubject); ""
// filters nothing.
func (s *Server) auditFilter(ctx context.Context, subject, actor, action, since string) (access.AuditFilter, error) {
	var f access.AuditFilter
	subject, err := s.auditSubject(ctx, subject)
	if err != nil {
		return f, err
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
			return f, footprint.FieldErrorf(footprint.EINVALID, "since", "want an RFC 3339 time or a YYYY-MM-DD date, got %q", truncate(since, 64))
		}
		f.Since = &t
	}
	return f, nil
}

// parseTimeParam reads an RFC 3339 time or a date (midnight UTC).
func parseTimeParam(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	return time.Parse(time.DateOnly, s)
}

// nonNil returns s, or an empty slice for nil, so that an empty list is
// written as [] and not null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// checkLimit checks a list's limit query parameter: 1 to max, or 0 for
// the default.
func checkLimit(limit, max int) error {
	if limit < 0 || limit > max {
		return footprint.FieldErrorf(footprint.EINVALID, "limit", "limit 须在 1 到 %[1]d 之间。limit must be between 1 and %[1]d", max)
	}
	return nil
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
