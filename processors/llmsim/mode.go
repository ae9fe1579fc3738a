package llmsim

import (
	"fmt"
	"slices"
	"strings"
)

// Mode is what the simulator does with one chat request.
type Mode string

// The modes. Their names are also the values of the ModeHeader.
const (
	ModeOK        Mode = "ok"        // 200, the honest answer
	ModeError     Mode = "error"     // 500 server_error
	ModeRateLimit Mode = "ratelimit" // 429 rate_limit_exceeded, Retry-After and x-ratelimit-* headers
	ModeHang      Mode = "hang"      // no response until the client gives up, Close, or 10 minutes
	ModeMalformed Mode = "malformed" // 200, content is not valid JSON
	ModeOffSchema Mode = "offschema" // 200, valid JSON breaking the schema
	ModeHostile   Mode = "hostile"   // 200, JSON echoing injected instructions, extra keys or huge strings
	ModeLowConf   Mode = "lowconf"   // 200, the honest answer with confidence 0.2 (even if the schema has no confidence)
)

// ModeHeader is the request header that forces the mode of one request,
// overriding the random draw: "X-Llmsim-Mode: hang". An unknown value gets
// 400 invalid_request_error. Every chat response that got a mode carries it
// in the same response header.
const ModeHeader = "X-Llmsim-Mode"

// modes lists every mode; counters are indexed like it.
var modes = [...]Mode{ModeOK, ModeError, ModeRateLimit, ModeHang, ModeMalformed, ModeOffSchema, ModeHostile, ModeLowConf}

// Modes lists every mode.
func Modes() []Mode { return slices.Clone(modes[:]) }

// ParseMode reads a mode name, ignoring case and surrounding space.
func ParseMode(s string) (Mode, error) {
	m := Mode(strings.ToLower(strings.TrimSpace(s)))
	for _, known := range modes {
		if m == known {
			return m, nil
		}
	}
	return "", fmt.Errorf("unknown llmsim mode %q (want one of %v)", s, modes)
}
