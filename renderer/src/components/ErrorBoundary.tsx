/** No white screens: a render error shows a calm message and the way back to the start. */
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  message: string;
  action: string;
  onReset(): void;
  children: ReactNode;
}

export class ErrorBoundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: Error, _info: ErrorInfo): void {
    // The name only: a message could quote personal data.
    console.error(`screen error: ${error.name}`);
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <main className="notice" data-testid="error-screen" role="alert">
        <p>{this.props.message}</p>
        <button
          type="button"
          className="button button--primary"
          data-testid="error-home"
          onClick={() => {
            this.setState({ failed: false });
            this.props.onReset();
          }}
        >
          {this.props.action}
        </button>
      </main>
    );
  }
}
