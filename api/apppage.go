package api

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"slices"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/google/uuid"
)

// applicationCursor is the cursor of GET /v1/applications after
// application a: base64url of its creation time (Unix nanoseconds, 8
// bytes big-endian) and its ID, the order of the list (the store's
// FindApplications: oldest first, then by ID).
func applicationCursor(a *certification.Application) string {
	return base64.RawURLEncoding.EncodeToString(applicationKey(a))
}

// applicationKey is the place of application a in the order of the list,
// as applicationCursor encodes it.
func applicationKey(a *certification.Application) []byte {
	b := binary.BigEndian.AppendUint64(nil, uint64(a.CreatedAt.UnixNano()))
	return append(b, a.ID[:]...)
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

// pageApplications returns the page of apps (in the list's order) after
// the place after (nil: from the first) of at most limit applications, and
// the cursor of the next page ("" after the last).
func pageApplications(apps []*certification.Application, after []byte, limit int) ([]*certification.Application, string) {
	if after != nil {
		i := slices.IndexFunc(apps, func(a *certification.Application) bool { return bytes.Compare(applicationKey(a), after) > 0 })
		if i < 0 {
			i = len(apps)
		}
		apps = apps[i:]
	}
	if len(apps) <= limit {
		return apps, ""
	}
	return apps[:limit], applicationCursor(apps[limit-1])
}
