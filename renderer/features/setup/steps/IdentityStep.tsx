import { useState } from 'react';

const looksLikeAddress = (text: string) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(text.trim());

export function IdentityStep(props: {
  name: string;
  email: string;
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
      <p className="hint">
        To find the settings, Homing asks Thunderbird’s public provider database about your domain only, and your provider’s own settings
        server about your address. Your password is not needed yet.
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
