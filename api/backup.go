package api

import (
	"io"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
)

// Backuper writes a consistent copy of the whole database while it stays in
// use (factordb.DB: bbolt tx.WriteTo in a read transaction), telling start
// its size before it writes.
type Backuper interface {
	BackupSized(w io.Writer, start func(size int64) error) (int64, error)
}

// handleBackup streams a hot backup of the database to an administrator:
// "pcf backup" uses it while "pcf serve" holds the file. The copy holds the
// signing keys and hashed credentials: it is as sensitive as the database.
func (s *Server) handleBackup(c echo.Context) error {
	if err := need(s.Backup != nil, "backups"); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, echo.MIMEOctetStream)
	h.Set(echo.HeaderContentDisposition, `attachment; filename="pcf-backup.db"`)
	h.Set(echo.HeaderCacheControl, "no-store")
	started := false
	_, err := s.Backup.BackupSized(c.Response(), func(size int64) error {
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
