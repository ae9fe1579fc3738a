package review

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
	"strings"
)

// csrfCookie holds a random nonce per browser; the form's token is the
// HMAC of it under a secret of this process, so a page of another site can
// neither read nor forge it (and SameSite=Strict keeps the cookie off its
// requests anyway). A restart makes a new secret: open forms must be
// reloaded.
const csrfCookie = "triage_review_csrf"

type csrf struct{ secret []byte }

func newCSRF() csrf {
	s := make([]byte, 32)
	_, _ = rand.Read(s)
	return csrf{secret: s}
}

// token returns the form token of the browser behind r, setting its
// cookie on w when it has none.
func (c csrf) token(w http.ResponseWriter, r *http.Request) string {
	nonce := ""
	if ck, err := r.Cookie(csrfCookie); err == nil && len(ck.Value) == 32 {
		nonce = ck.Value
	} else {
		b := make([]byte, 16)
		_, _ = rand.Read(b)
		nonce = hex.EncodeToString(b)
		http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: nonce, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
	}
	return c.sign(nonce)
}

func (c csrf) sign(nonce string) string {
	m := hmac.New(sha256.New, c.secret)
	m.Write([]byte(nonce))
	return hex.EncodeToString(m.Sum(nil))
}

// check reports whether the POST r carries the token of its cookie.
func (c csrf) check(r *http.Request) bool {
	ck, err := r.Cookie(csrfCookie)
	if err != nil || ck.Value == "" {
		return false
	}
	return hmac.Equal([]byte(r.PostFormValue("csrf")), []byte(c.sign(ck.Value)))
}

// bearer reports whether r carries the bearer token want ("" accepts all).
func bearer(r *http.Request, want string) bool {
	if want == "" {
		return true
	}
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return ok && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}
