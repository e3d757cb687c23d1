package api

import (
	"encoding/base64"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/google/uuid"
)

// applicationCursor is the cursor of GET /v1/applications after
// application a: base64url of its place in the list's order
// (certification.ApplicationKey: its creation time and its ID), where the
// store reads the next page from.
func applicationCursor(a *certification.Application) string {
	return base64.RawURLEncoding.EncodeToString(certification.ApplicationKey(a))
}

// parseApplicationCursor returns the place a cursor of applicationCursor
// names (nil for ""). Returns EINVALID naming cursor for any other text.
func parseApplicationCursor(cursor string) ([]byte, error) {
	if cursor == "" {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil || len(b) != 8+len(uuid.UUID{}) {
		return nil, footprint.FieldErrorf(footprint.EINVALID, "cursor", "无效的游标:请给出上一页的 meta.next_cursor。invalid cursor: give the meta.next_cursor of the previous page")
	}
	return b, nil
}

// pageApplications returns the page of apps (the store's answer to a
// limit of limit+1) and the cursor of the next page ("" after the last).
func pageApplications(apps []*certification.Application, limit int) ([]*certification.Application, string) {
	if len(apps) <= limit {
		return apps, ""
	}
	return apps[:limit], applicationCursor(apps[limit-1])
}
