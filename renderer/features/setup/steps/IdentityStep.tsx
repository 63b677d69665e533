import { useState } from 'react';

const looksLikeAddress = (text: string) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(text.trim());

export function IdentityStep(props: {
  name: string;
  email: string;
  /** Optional here; kept by the wizard, never in its state. */
  password: string;
  onPassword(password: string): void;
  onFind(name: string, email: string): void;
  onByHand(name: string, email: string): void;
  onCancel?: () => void;
}) {
  const [name, setName] = useState(props.name);
  const [email, setEmail] = useState(props.email);
  const [touched, setTouched] = useState(false);
  const valid = looksLikeAddress(email);
  return (
    <form
      className="step"
      aria-labelledby="step-title"
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        if (valid) props.onFind(name, email);
      }}
    >
      <h2 id="step-title" tabIndex={-1}>
        Your address
      </h2>
      <p className="lead">
        Type the address you want to read here. Homing will look up how your mail provider wants mail programs to connect.
      </p>
      <label>
        Your name
        <input value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" aria-describedby="name-hint" />
      </label>
      <p id="name-hint" className="hint">
        Shown to the people you write to.
      </p>
      <label>
        Email address
        <input
          type="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          autoComplete="email"
          required
          aria-invalid={touched && !valid}
          {...(touched && !valid ? { 'aria-describedby': 'email-problem' } : {})}
        />
      </label>
      {touched && !valid && (
        <p id="email-problem" className="error" role="alert">
          That does not look like an email address yet: it needs a name, “@” and a domain such as example.com.
        </p>
      )}
      <label>
        <span>
          Password <span className="optional">(optional now)</span>
        </span>
        <input
          type="password"
          value={props.password}
          onChange={(e) => props.onPassword(e.target.value)}
          autoComplete="current-password"
          aria-describedby="identity-password-hint"
        />
      </label>
      <p id="identity-password-hint" className="hint">
        With it, Homing can tell you how much room your mailbox on the server has before you choose where your mail lives. It goes only to
        your mail provider’s server — or type it later, on the last page.
      </p>
      <p className="hint">
        To find the settings, Homing asks Thunderbird’s public provider database about your domain only, and your provider’s own settings
        server about your address.
      </p>
      <div className="actions">
        {props.onCancel && (
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
        )}
        <button
          type="button"
          onClick={() => {
            setTouched(true);
            if (valid) props.onByHand(name, email);
          }}
        >
          Enter settings by hand
        </button>
        <button type="submit" className="primary">
          Find my settings
        </button>
      </div>
    </form>
  );
}
