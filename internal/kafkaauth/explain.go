package kafkaauth

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/segmentio/kafka-go"
)

// Error is a connection failure that retrying will not cure: a wrong
// password, an untrusted certificate, TLS spoken to a plaintext listener.
// Its text says which, and what to change.
type Error struct {
	Hint string // what is wrong and which setting fixes it
	Err  error  // what the connection returned
	// Certain is false when the broker only dropped the connection: that is
	// what a security mismatch looks like, but also a broker going down
	// mid-request, so callers retry a few times before giving up.
	Certain bool
}

func (e *Error) Error() string { return "kafkaauth: " + e.Hint + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Explain returns err as an *Error when it is a security failure of a's
// connection to the brokers, and err unchanged otherwise (a broker that is
// down or still starting is not a security failure: callers retry those).
func (a *Auth) Explain(err error) error {
	if err == nil {
		return nil
	}
	var ae *Error
	if errors.As(err, &ae) {
		return err
	}
	if hint := a.hint(err); hint != "" {
		return &Error{Hint: hint, Err: err, Certain: true}
	}
	if hint := a.dropped(err); hint != "" {
		return &Error{Hint: hint, Err: err}
	}
	return err
}

// IsFatal reports whether err is certainly a security failure (see Explain).
func IsFatal(err error) bool {
	var ae *Error
	return errors.As(err, &ae) && ae.Certain
}

// IsSuspect reports whether err is a dropped connection that a security
// mismatch would explain (see Error.Certain).
func IsSuspect(err error) bool {
	var ae *Error
	return errors.As(err, &ae) && !ae.Certain
}

func (a *Auth) hint(err error) string {
	var (
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
		verify   *tls.CertificateVerificationError
		record   tls.RecordHeaderError
		alert    tls.AlertError
	)
	switch {
	case errors.Is(err, kafka.SASLAuthenticationFailed):
		return fmt.Sprintf("SASL authentication failed for user %q: wrong kafka.sasl.username or password, or the user does not exist for this mechanism", a.user)
	case errors.Is(err, kafka.UnsupportedSASLMechanism):
		return "the brokers do not enable this kafka.sasl.mechanism on this listener"
	case errors.Is(err, kafka.IllegalSASLState):
		return "the broker refused the SASL exchange: does this listener use SASL (kafka.sasl.mechanism)?"
	case errors.As(err, &unknown):
		return "the brokers' certificate is signed by an authority we do not trust: set kafka.tls.ca_file to the CA that signed it"
	case errors.As(err, &hostname):
		return "the brokers' certificate does not name the host we dialled: dial a name it lists, or set kafka.tls.server_name"
	case errors.As(err, &invalid):
		return "the brokers' certificate is not valid (expired, not yet valid, or not for servers)"
	case errors.As(err, &verify):
		return "the brokers' certificate failed verification: check kafka.tls.ca_file and kafka.tls.server_name"
	case errors.As(err, &record):
		return "the broker did not answer in TLS: this listener is plaintext, unset kafka.tls or use the brokers' TLS port"
	case errors.As(err, &alert) || strings.Contains(err.Error(), "tls: "):
		if a.TLSConfig() != nil && len(a.TLSConfig().Certificates) == 0 && (strings.Contains(err.Error(), "certificate required") || strings.Contains(err.Error(), "bad certificate")) {
			return "the broker requires a client certificate: set kafka.tls.cert_file and kafka.tls.key_file"
		}
		return "the TLS handshake with the broker failed"
	}
	return ""
}

// dropped explains a connection the broker closed or left unanswered.
func (a *Auth) dropped(err error) string {
	switch {
	case !closedEarly(err):
		return ""
	case a.TLSConfig() == nil:
		return "the broker closed the connection before answering: if this listener uses TLS, set kafka.tls.enabled (and kafka.sasl.* if it needs SASL)"
	case a.Mechanism() != nil:
		return "the broker closed the connection while we logged in with SASL: most often a wrong kafka.sasl.username or password, or a kafka.sasl.mechanism this listener does not enable"
	}
	return "the broker closed or did not answer the connection over TLS: if this listener is plaintext, unset kafka.tls; if it needs SASL, set kafka.sasl.mechanism"
}

// closedEarly reports a connection the broker dropped without a Kafka
// answer: what a plaintext request to a TLS or SASL listener gets.
func closedEarly(err error) bool {
	var op *net.OpError
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET) {
		return true
	}
	return errors.As(err, &op) && op.Op == "read"
}
