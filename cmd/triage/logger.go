package main

import (
	"io"
	"log/slog"

	"github.com/triage/triage/internal/config"
)

// newLogger is the service's logger: c's level and format, with durations
// written as Go durations ("1.5s", "200ms") instead of nanosecond counts.
func newLogger(w io.Writer, c config.Log) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(c.Level))
	opts := &slog.HandlerOptions{Level: level, ReplaceAttr: humanDurations}
	if c.Format == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

func humanDurations(_ []string, a slog.Attr) slog.Attr {
	if a.Value.Kind() == slog.KindDuration {
		a.Value = slog.StringValue(a.Value.Duration().String())
	}
	return a
}

// warnRawLogging says loudly, at start, that log.redact is off: debug
// decision lines then carry customer text unmasked.
func warnRawLogging(log *slog.Logger, c config.Log) {
	if c.Redact {
		return
	}
	log.Warn("RAW CUSTOMER TEXT IN LOGS: log.redact is off, so decision lines at debug level carry emails, phone numbers, card numbers and IBANs unmasked; turn it back on outside a trusted debugging session",
		"log.redact", false, "log.level", c.Level)
}
