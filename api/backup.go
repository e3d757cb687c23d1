package api

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
)

// Backuper writes a consistent copy of the database while it stays in use,
// without the private signing keys (factordb.DB.BackupWithoutSeeds),
// recording the copy in the audit trail by the context's principal before it
// tells start its size and writes it.
type Backuper interface {
	BackupWithoutSeeds(ctx context.Context, w io.Writer, start func(size int64) error) (int64, error)
}

// handleBackup streams a hot backup of the database to an administrator:
// "pcf backup" uses it while "pcf serve" holds the file. The copy holds no
// private signing key (whoever holds an admin key, a curator's too, could
// otherwise sign certificates every verifier takes for genuine), but it
// holds every organisation's data and hashed credentials: it is as
// sensitive as the database otherwise. A full copy with the keys is the
// file's holder's to make (pcf backup on the file, README).
func (s *Server) handleBackup(c echo.Context) error {
	if err := need(s.Backup != nil, "backups"); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, echo.MIMEOctetStream)
	h.Set(echo.HeaderContentDisposition, `attachment; filename="pcf-backup.db"`)
	h.Set(echo.HeaderCacheControl, "no-store")
	started := false
	_, err := s.Backup.BackupWithoutSeeds(c.Request().Context(), c.Response(), func(size int64) error {
		h.Set(echo.HeaderContentLength, strconv.FormatInt(size, 10))
		c.Response().WriteHeader(http.StatusOK)
		started = true
		return nil
	})
	if err != nil && !started {
		return err // nothing sent yet: a JSON error
	}
	if err != nil {
		// The status is sent: cut the connection so the client sees a
		// short body against Content-Length, never a complete-looking copy.
		s.Logger.Error("backup", slog.Any("err", err))
		panic(http.ErrAbortHandler)
	}
	return nil
}
