package decode

import (
	"bytes"
	"io"
	"mime"
	"net/textproto"
	"strings"
	"unicode/utf8"

	"github.com/triage/triage/processors"
)

// Bounds on attachment metadata.
const (
	maxAttachmentName = 255 // runes
	maxMediaType      = 127 // bytes
)

// isAttachment says whether an entity's Content-Disposition is attachment.
func isAttachment(h textproto.MIMEHeader) bool {
	d := strings.ToLower(strings.TrimSpace(h.Get("Content-Disposition")))
	return strings.HasPrefix(d, "attachment")
}

// attachment records the metadata of an attachment or other non-text leaf
// entity with header h, media type mt and parameters params, reading its
// body r: its file name (the Content-Disposition filename, else the
// Content-Type name; RFC 2047 and RFC 2231 encodings decoded; at most 255
// runes), its media type and its size after undoing the transfer encoding
// (the encoded size when that fails: an attachment never makes a message
// malformed). Multipart entities are never attachments.
func (w *walker) attachment(h textproto.MIMEHeader, mt string, params map[string]string, r io.Reader) {
	if strings.HasPrefix(mt, "multipart/") {
		mt = "application/octet-stream"
	}
	name := params["name"]
	if _, dp, err := mime.ParseMediaType(h.Get("Content-Disposition")); err == nil && dp["filename"] != "" {
		name = dp["filename"]
	}
	if dec, err := wordDecoder.DecodeHeader(name); err == nil {
		name = dec
	}
	name = strings.ToValidUTF8(strings.TrimSpace(name), "\uFFFD")
	if utf8.RuneCountInString(name) > maxAttachmentName {
		name = string([]rune(name)[:maxAttachmentName])
	}
	raw, _ := io.ReadAll(r)
	size := len(raw)
	if data, err := decodeTransfer(h.Get("Content-Transfer-Encoding"), bytes.NewReader(raw)); err == nil {
		size = len(data)
	}
	if len(mt) > maxMediaType || !utf8.ValidString(mt) {
		mt = "application/octet-stream"
	}
	w.atts = append(w.atts, processors.Attachment{Name: name, Type: mt, Size: size})
}
