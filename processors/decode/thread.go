package decode

import (
	"strings"
	"unicode/utf8"

	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/decode/clean"
)

// Bounds on thread headers read from MIME (the JSON fields are bounded by
// schemas/email.v1.json).
const (
	maxReferences = 100
	maxMsgIDBytes = 998
)

// MaxQuotedBytes bounds Input.Quoted: about 500 tokens, room for an offer
// of a few dozen lines, small beside the prompt and the body.
const MaxQuotedBytes = 2000

// applyCleaning sets in's Body to the cleaned RawBody, its Quoted to the
// quoted context (clean.Context, at most MaxQuotedBytes) and records the
// cleaning statistics.
func applyCleaning(in *processors.Input, atts []processors.Attachment) {
	r := clean.Clean(in.RawBody)
	in.Body = r.New
	in.Quoted = clean.Context(r.Quoted, MaxQuotedBytes)
	in.Cleaning = &processors.Cleaning{
		OriginalChars: r.OriginalChars, CleanedChars: r.CleanedChars, QuotedChars: r.QuotedChars,
		SignatureStripped: r.SignatureStripped, Forwarded: r.Forwarded, Attachments: atts,
	}
}

// msgIDs returns the message ids of a References or In-Reply-To header
// value: its "<…>" tokens, or its space-separated words when it has none,
// each at most 998 bytes of valid UTF-8, the last max of them.
func msgIDs(v string, max int) []string {
	var ids []string
	for _, w := range strings.Fields(v) {
		if i := strings.IndexByte(w, '<'); i >= 0 {
			if j := strings.IndexByte(w[i:], '>'); j > 0 {
				w = w[i : i+j+1]
			}
		}
		if w != "" && len(w) <= maxMsgIDBytes && utf8.ValidString(w) {
			ids = append(ids, w)
		}
	}
	if len(ids) > max {
		ids = ids[len(ids)-max:]
	}
	return ids
}

// Prepare fills in.Body from in.RawBody the way Decode does for the live
// service: an email's text is cleaned (quoted history, signatures and
// disclaimers out, normalised; the quoted context in Quoted), a ticket's is
// normalised. Tools that build
// Inputs without decoding an event (triage eval) call it so they measure
// what the engines really see.
func Prepare(in *processors.Input) {
	if in.Kind == processors.KindEmail {
		applyCleaning(in, nil)
		return
	}
	in.Body = clean.Normalize(in.RawBody)
}
