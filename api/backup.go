package api

import (
	"io"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"
)

// Backuper writes a consistent copy of the whole database while it stays in
// use (factordb.DB: bbolt tx.WriteTo in a read transaction).
type Backuper interface {
	Backup(w io.Writer) (int64, error)
}

func (s *Server) registerBackupRoutes() {
	s.route(http.MethodGet, "/v1/admin/backup", s.handleBackup)
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
	c.Response().WriteHeader(http.StatusOK)
	if _, err := s.Backup.Backup(c.Response()); err != nil {
		// The status is sent; the client sees a short body, which
		// "pcf backup" detects by opening the copy.
		s.Logger.Error("backup", slog.Any("err", err))
	}
	return nil
}
