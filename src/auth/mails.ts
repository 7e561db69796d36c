/** The texts of the identity feature's mails. Links point at PUBLIC_URL; the token also works pasted. */
export const mails = {
  confirmSignup: (publicUrl: string, token: string) => ({
    subject: 'Finish signing up to SocialFlow',
    text:
      'Welcome to SocialFlow.\n\n' +
      `To confirm this address and create your account, open:\n${publicUrl}/confirm-signup?token=${token}\n\n` +
      `or send this code to POST /v1/auth/register/confirm: ${token}\n\n` +
      'The link works for 48 hours, once. If you did not sign up, ignore this mail: no account is made.\n',
  }),
  signupAddressTaken: (publicUrl: string) => ({
    subject: 'Someone tried to sign up with your address',
    text:
      'Someone just tried to create a SocialFlow account with this e-mail address, which already has one.\n\n' +
      `If it was you, sign in instead; if you forgot your password, choose a new one at ${publicUrl}/forgot-password.\n` +
      'If it was not you, ignore this mail: nothing changed.\n',
  }),
  verifyEmail: (publicUrl: string, token: string) => ({
    subject: 'Confirm your e-mail address',
    text:
      'Welcome to SocialFlow.\n\n' +
      `Confirm this address by opening:\n${publicUrl}/verify-email?token=${token}\n\n` +
      `or by sending this code to POST /v1/auth/email/verify: ${token}\n\n` +
      'The link works for 48 hours. If you did not sign up, ignore this mail.\n',
  }),
  passwordReset: (publicUrl: string, token: string) => ({
    subject: 'Reset your password',
    text:
      `Someone asked to reset the password of your SocialFlow account.\n\nTo choose a new one, open:\n` +
      `${publicUrl}/reset-password?token=${token}\n\n` +
      `or send this code to POST /v1/auth/password/reset: ${token}\n\n` +
      'The link works for one hour, once. If it was not you, ignore this mail: your password stays as it is.\n',
  }),
  passwordChanged: () => ({
    subject: 'Your password was changed',
    text:
      'The password of your SocialFlow account was just changed, and your other sessions were signed out.\n' +
      'If it was not you, reset your password at once and contact support.\n',
  }),
  twoFactorEnabled: () => ({
    subject: 'Two-factor sign-in is on',
    text:
      'Two-factor sign-in was just turned on for your SocialFlow account.\n' +
      'If it was not you, reset your password at once and contact support.\n',
  }),
  providerLinked: (provider: string) => ({
    subject: `A ${provider} account was linked`,
    text:
      `A ${provider} account can now be used to sign in to your SocialFlow account.\n` +
      'If it was not you, unlink it in your settings, reset your password and contact support.\n',
  }),
  accountLocked: (until: Date) => ({
    subject: 'Sign-in to your account is paused',
    text:
      'There were several failed attempts to sign in to your SocialFlow account. Sign-in from devices and ' +
      `addresses that never signed in to it is paused until ${until.toISOString()}, and slowed down for as long as the attempts go on; ` +
      'where you signed in before, your password still works.\n' +
      'If it was not you, someone may be guessing your password: consider changing it.\n' +
      'This mail is sent at most once a day.\n',
  }),
}
